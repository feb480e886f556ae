package com.precautionfirst.command.user;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.commands.ChangePassword;
import com.precautionfirst.api.commands.CreateUserAccount;
import com.precautionfirst.api.commands.DeactivateUserAccount;
import com.precautionfirst.api.commands.UserAccounts;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.domain.Actor;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One person's access: one stream per user ({@code user:<id>}). Every grant, password change and deactivation is an
 * event naming who made it (metadata), so "who could do what, since when, granted by whom" is part of the record.
 */
@Aggregate(repository = "userAccountRepository")
public class UserAccount {

    @AggregateIdentifier
    private String accountId;
    private String userId;
    private boolean active;

    protected UserAccount() {
        // for Axon
    }

    /** Admin only; create-if-missing so that an existing user is refused by name. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(CreateUserAccount command, @MetaDataValue(MetadataKeys.USER_ID) String by,
                                 @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor.of(by, role).requireAdmin("add users");
        if (userId != null) {
            throw new UserAlreadyExistsException(command.userId());
        }
        boolean insurer = command.role() == Role.INSURER;
        if (insurer && command.insurerId() == null) {
            throw new InvalidCommandException("insurerId", "is required for an INSURER");
        }
        if (!insurer && command.insurerId() != null) {
            throw new InvalidCommandException("insurerId", "is only for an INSURER");
        }
        apply(new UserAccountCreated(command.userId(), command.role(), command.insurerId()));
        return CommandOutcome.accepted();
    }

    /** The user themself, or the clinic admin (e.g. a forgotten password). */
    @CommandHandler
    public CommandOutcome handle(ChangePassword command, @MetaDataValue(MetadataKeys.USER_ID) String by,
                                 @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = Actor.of(by, role);
        if (!actor.isAdmin() && !userId.equals(actor.userId())) {
            throw new NotPermittedException("Only the user themself or the clinic admin may change a password.");
        }
        apply(new UserPasswordChanged(userId));
        return CommandOutcome.accepted();
    }

    /** Admin only, and never the admin's own account (the clinic would lock itself out). Again: nothing changes. */
    @CommandHandler
    public CommandOutcome handle(DeactivateUserAccount command, @MetaDataValue(MetadataKeys.USER_ID) String by,
                                 @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = Actor.of(by, role);
        actor.requireAdmin("deactivate users");
        if (userId.equals(actor.userId())) {
            throw new InvalidCommandException("userId", "is your own account; another admin must deactivate it");
        }
        if (active) {
            apply(new UserAccountDeactivated(userId, command.reason()));
        }
        return CommandOutcome.accepted();
    }

    @EventSourcingHandler
    void on(UserAccountCreated event) {
        this.accountId = UserAccounts.streamId(event.userId());
        this.userId = event.userId();
        this.active = true;
    }

    @EventSourcingHandler
    void on(UserAccountDeactivated event) {
        this.active = false;
    }
}
