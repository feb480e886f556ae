package com.precautionfirst.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The precaution rules stay testable without any framework, and the domain without the web. */
@AnalyzeClasses(packages = "com.precautionfirst.command", importOptions = ImportOption.DoNotIncludeTests.class)
class TheDomainKnowsNoFrameworkOrWebTest {

    @ArchTest
    static final ArchRule precautionDependsOnNoFramework = noClasses()
            .that().resideInAPackage("..command.precaution..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "jakarta..", "com.precautionfirst.support..", "com.precautionfirst.command.web..",
                    "com.precautionfirst.command.client..", "com.precautionfirst.command.session..");

    /**
     * The aggregates and what they share know nothing of HTTP: they throw the domain's exceptions and return
     * outcomes, and the command side's web layer gives those a status.
     */
    @ArchTest
    static final ArchRule theDomainKnowsNoWeb = noClasses()
            .that().resideInAnyPackage("..command.client..", "..command.session..", "..command.domain..",
                    "..command.precaution..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                    "org.springframework.http..", "jakarta.servlet..", "com.precautionfirst.support.web..",
                    "com.precautionfirst.command.web..", "com.precautionfirst.command.pipeline..");

    @ArchTest
    static final ArchRule theDomainHasNoFramework = noClasses()
            .that().resideInAPackage("..command.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "jakarta..", "com.precautionfirst.support..");

    @ArchTest
    static final ArchRule controllersDecideNoPrecaution = noClasses()
            .that().resideInAPackage("..command.web..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Policy");
}
