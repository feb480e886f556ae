package com.precautionfirst.query;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** The query side reads the event store and never writes to it: no commands, no published or appended events. */
@AnalyzeClasses(packages = "com.precautionfirst.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideNeverAppendsEventsTest {

    @ArchTest
    static final ArchRule sendsNoCommandsAndUsesNoEventGateway = noClasses()
            .should().dependOnClassesThat().areAssignableTo(CommandGateway.class)
            .orShould().dependOnClassesThat().areAssignableTo(CommandBus.class)
            .orShould().dependOnClassesThat().areAssignableTo(EventGateway.class);

    @ArchTest
    static final ArchRule publishesNoEventsOnTheBusOrStore = noClasses()
            .should().callMethodWhere(target(nameMatching("publish")).and(target(owner(assignableTo(EventBus.class)))));

    @ArchTest
    static final ArchRule appendsNothingToTheStorageEngine = noClasses()
            .should().callMethodWhere(target(nameMatching("appendEvents|storeSnapshot"))
                    .and(target(owner(assignableTo(EventStorageEngine.class)))));
}
