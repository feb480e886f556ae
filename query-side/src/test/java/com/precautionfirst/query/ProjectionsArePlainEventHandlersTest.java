package com.precautionfirst.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.eventhandling.EventHandler;

/** Whoever handles events on the query side is a projection, and says so in its name. */
@AnalyzeClasses(packages = "com.precautionfirst.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectionsArePlainEventHandlersTest {

    @ArchTest
    static final ArchRule eventHandlersLiveInProjections = methods()
            .that().areAnnotatedWith(EventHandler.class)
            .should().beDeclaredInClassesThat().haveSimpleNameEndingWith("Projection");
}
