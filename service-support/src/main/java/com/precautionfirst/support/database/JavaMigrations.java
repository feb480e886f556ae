package com.precautionfirst.support.database;

import com.precautionfirst.support.access.V54__ChainExistingAccessLogEntries;
import com.precautionfirst.support.log.V72__ClientChains;
import com.precautionfirst.support.log.V74__ClientInsurance;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The schema's migrations written in Java. The services get them as beans (Spring Boot hands every
 * {@link JavaMigration} bean to Flyway); a test that migrates a database with Flyway itself passes these, so that a
 * new one is added in one place.
 */
public final class JavaMigrations {

    private JavaMigrations() {
    }

    public static JavaMigration[] all() {
        return new JavaMigration[]{new V54__ChainExistingAccessLogEntries(), new V72__ClientChains(),
            new V74__ClientInsurance()};
    }
}
