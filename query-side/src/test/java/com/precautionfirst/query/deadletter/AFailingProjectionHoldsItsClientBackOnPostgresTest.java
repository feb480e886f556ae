package com.precautionfirst.query.deadletter;

import com.precautionfirst.testsupport.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same on PostgreSQL, where the fault's failed statement aborts the batch's transaction: only the savepoint
 * around the failing event (FailedEventIsolation) lets that transaction still record the letter, and lets a retry
 * that fails again keep the letter's new cause.
 */
@ActiveProfiles("postgres")
@DirtiesContext
class AFailingProjectionHoldsItsClientBackOnPostgresTest extends AFailingProjectionHoldsItsClientBackTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        registry.add("treatment.signing.generate-if-missing", () -> "true");
        registry.add("springdoc.api-docs.enabled", () -> "true");
    }
}
