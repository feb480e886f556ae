package com.precautionfirst.command.config;

import com.precautionfirst.command.session.RevocationStopsSessions;
import com.precautionfirst.command.user.UserDirectoryTable;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** How the command side's transactions and its own event handlers run. */
@Configuration
public class AxonCommandConfiguration {

    /**
     * Plain JDBC transactions instead of the JPA ones Spring Boot sets up when Hibernate is on the class path
     * (decision 0069): the command side writes only through JDBC (events, decision 0068; idempotency keys, the user
     * directory, the commit notification, all with the JdbcTemplate), so a JPA transaction only added an entity
     * manager and a Hibernate session to open, flush and close around every command.
     */
    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    /**
     * Subscribing, so the handlers run inside the appending transaction; propagating, so that a failure (e.g. a
     * session that cannot be stopped) rolls back the revocation instead of being logged and forgotten.
     */
    @Autowired
    public void inTheAppendingTransaction(EventProcessingConfigurer processing) {
        for (String group : List.of(RevocationStopsSessions.PROCESSING_GROUP, UserDirectoryTable.PROCESSING_GROUP)) {
            processing.registerSubscribingEventProcessor(group)
                    .registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
        }
    }
}
