package com.precautionfirst.query.projection;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State a projection keeps across the events of one processor batch and writes once, when the batch commits with
 * the processor's token (as LogProjection does for the signed log): a document changed by ten events of a batch is
 * read once and written once, in the batch's transaction. If the batch rolls back, the state goes with its unit of
 * work and the events are processed again from the stored documents.
 */
public final class ProcessorBatch {

    private ProcessorBatch() {
    }

    /**
     * The current batch's state under {@code key}: made by {@code create} for the first event of the batch, and
     * handed to {@code flush} when the batch prepares its commit. Only inside an event handler (a unit of work).
     */
    public static <T> T state(String key, Supplier<T> create, Consumer<T> flush) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(key, k -> {
            T state = create.get();
            batch.onPrepareCommit(u -> flush.accept(state));
            return state;
        });
    }
}
