package com.precautionfirst.support.eventstore;

import com.precautionfirst.support.SupportTestApplication;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The configuration both services share, started on the embedded database or on PostgreSQL. */
final class SupportContexts {

    private SupportContexts() {
    }

    /** Starts it on {@code database}: "h2" (embedded, in {@code dataDir}) or "postgres" (the test's database). */
    static ConfigurableApplicationContext start(String database, Path dataDir, PostgresDatabase postgres) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--treatment.data-dir=" + dataDir,
                "--treatment.security.password=not-the-demo-password"));
        if (database.equals("postgres")) {
            arguments.addAll(List.of("--spring.profiles.active=postgres", "--TREATMENT_DB_URL=" + postgres.url()));
        }
        return new SpringApplicationBuilder(SupportTestApplication.class).run(arguments.toArray(String[]::new));
    }
}
