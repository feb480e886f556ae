package com.precautionfirst.query.log;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Makes every stored event, refusals included, a leaf of the signed Merkle log, in the order this processor (one
 * segment, so one order) is handed the commits. The events of a batch are collected and appended once, when the
 * batch commits with the processor's token: one read of their stored rows and two batched inserts per batch. There
 * is no reset handler and the processor is never rebuilt: the log only grows (decision 0040).
 */
@Component
@ProcessingGroup(LogProjection.PROCESSOR)
public class LogProjection {

    public static final String PROCESSOR = "log";
    private static final String BATCH = LogProjection.class.getName() + ".batch";

    private final LogStore log;

    public LogProjection(LogStore log) {
        this.log = log;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<String> identifiers = batch.getOrComputeResource(BATCH, key -> {
            List<String> collected = new ArrayList<>();
            batch.onPrepareCommit(u -> log.append(collected));
            return collected;
        });
        identifiers.add(event.getIdentifier());
    }
}
