package com.precautionfirst.support.database;

import javax.sql.DataSource;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} is DOWN (503) when the shared database cannot be queried. Spring Boot's own indicator
 * asks the pool's connection whether it is valid, which H2 answers from the session alone: after the database
 * closed under an out-of-memory (issue 10) every command failed while health said UP. This one reads a table of
 * the schema (the name {@code dbHealthIndicator} replaces Spring Boot's).
 */
@Configuration
public class DatabaseHealthConfiguration {

    static final String QUERY = "SELECT COUNT(*) FROM flyway_schema_history";

    @Bean
    public DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DataSourceHealthIndicator(dataSource, QUERY);
    }
}
