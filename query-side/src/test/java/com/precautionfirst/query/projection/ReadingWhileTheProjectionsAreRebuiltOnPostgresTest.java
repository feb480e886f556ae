package com.precautionfirst.query.projection;

import com.precautionfirst.testsupport.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same on PostgreSQL, with its own locking and statement snapshots. */
@ActiveProfiles("postgres")
@DirtiesContext
class ReadingWhileTheProjectionsAreRebuiltOnPostgresTest extends ReadingWhileTheProjectionsAreRebuiltTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        registry.add("treatment.signing.generate-if-missing", () -> "true");
    }
}
