package com.precautionfirst.api.events;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.api.vocabulary.RuleViolation;
import java.util.List;
import java.util.Map;

import org.axonframework.serialization.Revision;

/** The system refused a command because it would break a precaution. Who tried what, with which values, and every rule that stopped it. {@code sessionId} is null for refusals on the client stream. */
@Revision("1")
public record PrecautionBlocked(String clientId, String sessionId, String attemptedCommand, Map<String, String> attemptedValues, List<RuleViolation> violations, String attemptedBy, Role role) implements ClientEvent {
}
