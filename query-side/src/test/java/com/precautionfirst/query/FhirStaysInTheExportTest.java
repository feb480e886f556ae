package com.precautionfirst.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.precautionfirst.verifier.FhirBundleWriter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * HAPI FHIR is for the FHIR export alone (decision 0062): no projection, log processor or query touches it, so its
 * costly context is made at the first FHIR export and never on the path every event takes.
 */
@AnalyzeClasses(packages = "com.precautionfirst.query", importOptions = ImportOption.DoNotIncludeTests.class)
class FhirStaysInTheExportTest {

    @ArchTest
    static final ArchRule onlyTheExportWritesFhir = noClasses()
            .that().resideOutsideOfPackage("com.precautionfirst.query.export..")
            .should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir..", "org.hl7.fhir..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(FhirBundleWriter.class.getName());
}
