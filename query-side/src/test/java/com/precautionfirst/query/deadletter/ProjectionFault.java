package com.precautionfirst.query.deadletter;

import com.precautionfirst.support.processing.ClientSequencingPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test only: makes the projection of a processing group fail for the events of one client stored from now on, until
 * {@link #clear() cleared}, the way a fault some new event meets would (a replay meets it again, and only there).
 * The projection's handler runs first and writes (so a failure must take those writes back), then a statement the
 * database refuses (so that on PostgreSQL, as after any failed statement, the transaction is aborted). Imported by
 * QuerySideIntegrationTest into the context every query-side test shares; inert until armed.
 */
public class ProjectionFault implements HandlerEnhancerDefinition {

    private final Map<String, Fault> failing = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final ClientSequencingPolicy clients;

    public ProjectionFault(JdbcTemplate jdbc, ClientSequencingPolicy clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    /** Every event of the client stored after the newest one now fails in the group's projection. */
    public void failFor(String group, String clientId) {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        failing.put(group, new Fault(clientId, head == null ? -1 : head));
    }

    public void clear() {
        failing.clear();
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = AnnotationUtils.findAnnotation(original.declaringClass(), ProcessingGroup.class);
        if (group == null) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                Object result = super.handle(message, target);
                Fault fault = failing.get(group.value());
                if (fault != null && message instanceof TrackedEventMessage<?> event
                        && event.trackingToken().position().orElse(-1) > fault.after()
                        && fault.clientId().equals(clients.getSequenceIdentifierFor(event))) {
                    jdbc.queryForObject("SELECT CAST('fault injected by the test' AS INTEGER)", Integer.class);
                }
                return result;
            }
        };
    }

    private record Fault(String clientId, long after) {
    }
}
