package com.precautionfirst.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The precaution rules must stay testable and readable without any framework. */
@AnalyzeClasses(packages = "com.precautionfirst.command", importOptions = ImportOption.DoNotIncludeTests.class)
class PrecautionRulesArePlainJavaTest {

    @ArchTest
    static final ArchRule precautionDependsOnNoFramework = noClasses()
            .that().resideInAPackage("..command.precaution..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "jakarta..", "com.precautionfirst.support..", "com.precautionfirst.command.web..",
                    "com.precautionfirst.command.client..", "com.precautionfirst.command.session..");

    @ArchTest
    static final ArchRule controllersDecideNoPrecaution = noClasses()
            .that().resideInAPackage("..command.web..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Policy");
}
