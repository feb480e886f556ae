package com.precautionfirst.command.user;

import com.precautionfirst.api.commands.CreateUserAccount;
import com.precautionfirst.api.commands.UserAccounts;
import com.precautionfirst.command.pipeline.CommandRequest;
import com.precautionfirst.command.pipeline.CommandRunner;
import com.precautionfirst.support.security.SecurityProperties;
import com.precautionfirst.support.security.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first users ({@code treatment.security.users}, password {@code treatment.security.password})
 * that the directory does not have yet, as account events sent by {@code system}: the five demo users on the embedded
 * default, only {@code admin} on the postgres profile. Runs before the service reports itself ready. A user who
 * exists is left alone, so a changed password is never reset by a restart.
 */
@Component
public class SeedUsers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SeedUsers.class);

    private final SecurityProperties properties;
    private final UserDirectory directory;
    private final UserDirectoryTable table;
    private final CommandRunner runner;
    private final PasswordEncoder encoder;

    public SeedUsers(SecurityProperties properties, UserDirectory directory, UserDirectoryTable table,
                     CommandRunner runner, PasswordEncoder encoder) {
        this.properties = properties;
        this.directory = directory;
        this.table = table;
        this.runner = runner;
        this.encoder = encoder;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (SecurityProperties.User user : properties.users()) {
            if (directory.find(user.name()).isPresent()) {
                continue;
            }
            String hash = encoder.encode(properties.password());
            try {
                runner.runAsSystem(CommandRequest.to(UserAccounts.streamId(user.name()), null,
                                new CreateUserAccount(UserAccounts.streamId(user.name()), user.name(), user.role(),
                                        user.insurerId()))
                        .alsoWriting(() -> table.setPasswordHash(user.name(), hash)));
                log.info("Seeded user {} ({})", user.name(), user.role());
            } catch (UserAlreadyExistsException e) {
                log.debug("User {} was seeded by another instance", user.name());
            }
        }
    }
}
