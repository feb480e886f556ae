package com.precautionfirst.query;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The query side's packages follow its tables (history: client_history, session: session_view, audit: audit_chain,
 * log: the signed log, ...) and depend on each other in one direction only: web, access, history, session,
 * assessment, recorded. A cycle (as SessionView and PrecautionAssessor once had) means two tables' code can no
 * longer be read or changed one at a time.
 */
@AnalyzeClasses(packages = "com.precautionfirst.query", importOptions = ImportOption.DoNotIncludeTests.class)
class PackagesFollowTheTablesWithoutCyclesTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("com.precautionfirst.query.(*)..")
            .should().beFreeOfCycles();
}
