package com.precautionfirst.command.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the global position of the last event a request appended, for the {@code X-Event-Position} header: the
 * identifiers of the events published in the request's unit of work (including those of commands its event
 * handlers sent, e.g. sessions stopped by a revocation) are noted as they are published.
 */
@Component
public class AppendedEvents {

    private static final String RESOURCE = AppendedEvents.class.getName();

    private final JdbcTemplate jdbc;

    public AppendedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Autowired
    void noteEachPublishedEvent(EventBus eventBus) {
        eventBus.registerDispatchInterceptor(messages -> {
            if (CurrentUnitOfWork.isStarted()) {
                List<String> ids = CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, k -> new ArrayList<>());
                messages.forEach(message -> ids.add(message.getIdentifier()));
            }
            return (index, message) -> message;
        });
    }

    /**
     * Called while the unit of work prepares its commit, after its events were appended (same transaction). When
     * the request appended nothing, the last event of its stream is the position that reflects it.
     */
    public Long lastPosition(UnitOfWork<?> unitOfWork, String streamId) {
        List<String> ids = Optional.ofNullable(unitOfWork.root().<List<String>>getResource(RESOURCE)).orElse(List.of());
        if (ids.isEmpty()) {
            return jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                    Long.class, streamId);
        }
        String placeholders = String.join(",", ids.stream().map(id -> "?").toList());
        return jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry WHERE event_identifier IN ("
                + placeholders + ")", Long.class, ids.toArray());
    }
}
