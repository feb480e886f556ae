package com.precautionfirst.command.web;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the metadata every event must carry (who, role, correlation id, idempotency key) and
 * waits until its events are committed: an HTTP success therefore always means the events are stored.
 */
@Component
public class CommandDispatcher {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final CommandGateway gateway;
    private final CallerResolver callers;

    public CommandDispatcher(CommandGateway gateway, CallerResolver callers) {
        this.gateway = gateway;
        this.callers = callers;
    }

    public <R> R send(Object command, HttpServletRequest request) {
        Caller caller = callers.current();
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.USER_ID, caller.userId());
        metadata.put(MetadataKeys.ROLE, caller.role().name());
        metadata.put(MetadataKeys.CORRELATION_ID, CorrelationIdFilter.of(request));
        String idempotencyKey = request.getHeader(IDEMPOTENCY_HEADER);
        if (idempotencyKey != null) {
            metadata.put(MetadataKeys.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return gateway.sendAndWait(command, MetaData.from(metadata));
    }
}
