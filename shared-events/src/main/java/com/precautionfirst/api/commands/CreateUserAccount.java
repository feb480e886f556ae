package com.precautionfirst.api.commands;

import com.precautionfirst.api.vocabulary.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds a person to the user directory with one role ({@code insurerId} for an INSURER only). The password hash
 * travels beside the command, never in it: commands and events are evidence, a hash is a secret.
 * {@code accountId} is the account's stream id, {@link UserAccounts#streamId}.
 */
public record CreateUserAccount(@TargetAggregateIdentifier String accountId, String userId, Role role,
                                String insurerId) {
}
