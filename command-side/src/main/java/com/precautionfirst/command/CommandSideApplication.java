package com.precautionfirst.command;

import com.precautionfirst.support.database.ClosedEmbeddedDatabase;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side: decides every command against the rules and appends events to the shared store. */
@SpringBootApplication(scanBasePackages = {"com.precautionfirst.command", "com.precautionfirst.support"})
public class CommandSideApplication {

    public static void main(String[] args) {
        ClosedEmbeddedDatabase.bindToLoopback();
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
