package com.precautionfirst.query;

import com.precautionfirst.support.database.ClosedEmbeddedDatabase;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The query side: builds its projections from the shared event store with streaming processors and answers
 * reads. It never appends events.
 */
@SpringBootApplication(scanBasePackages = {"com.precautionfirst.query", "com.precautionfirst.support"})
public class QuerySideApplication {

    public static void main(String[] args) {
        ClosedEmbeddedDatabase.bindToLoopback();
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
