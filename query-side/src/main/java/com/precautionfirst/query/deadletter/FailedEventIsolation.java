package com.precautionfirst.query.deadletter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.Priority;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;

/**
 * Lets a projection handler fail without leaving any of its writes behind and without breaking the batch's
 * transaction, so that its event can be dead-lettered in that transaction, on H2 and on PostgreSQL alike (where a
 * failed statement aborts the transaction).
 * <p>
 * A savepoint around every handler call would do it, but costs two more round trips per event, and a batch of a
 * hundred events would open a hundred subtransactions, past the 64 PostgreSQL caches per transaction (beyond them
 * every snapshot in the cluster consults pg_subtrans). So the first failure of an event is not dead-lettered: the
 * enqueue policy remembers the event and throws, which rolls the whole batch back, and the processor retries it a
 * second later as after any error. On that retry only the remembered event runs under a savepoint; when it fails
 * again the savepoint takes its writes back and the policy dead-letters it. A letter retried from the queue runs
 * under a savepoint too ({@link Savepoints#transactionManager}), so its failure is a plain requeue.
 * <p>
 * The savepoint covers one handler. Each processing group with a dead-letter queue has one projection class, which
 * handles an event in one method; a group with two would keep the first one's writes when the second fails. The
 * processor of a rebuild runs the same handlers as its live one, in a group of its own (decision 0056): an event is
 * remembered per group of the handler's instance.
 */
@Component
@Priority(Priority.LAST) // wraps last, so outermost: the savepoint covers what other enhancers do in the handler
class FailedEventIsolation implements HandlerEnhancerDefinition {

    /** Events remembered at most; beyond, the memory starts afresh (a forgotten event costs one more rollback). */
    private static final int REMEMBERED = 1000;

    private final Set<String> groups;
    private final Savepoints savepoints;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    FailedEventIsolation(EventProcessorProperties processors, Savepoints savepoints) {
        this.groups = DeadLetterConfiguration.groups(processors);
        this.savepoints = savepoints;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        ProcessingGroup group = AnnotationUtils.findAnnotation(original.declaringClass(), ProcessingGroup.class);
        if (group == null || !groups.contains(group.value())
                || !original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (failedOnce.isEmpty() || !failedOnce.contains(key(groupOf(target), message))) {
                    return super.handle(message, target);
                }
                return savepoints.call(() -> super.handle(message, target));
            }
        };
    }

    /**
     * The processing group of the handler instance: the projection's, or its rebuild's, which inherits the
     * handler from it (decision 0056).
     */
    private static String groupOf(Object handler) {
        return AnnotationUtils.findAnnotation(handler.getClass(), ProcessingGroup.class).value();
    }

    /** The enqueue policy of the group's dead-letter queue. */
    EnqueuePolicy<EventMessage<?>> policy(String group) {
        return (letter, cause) -> {
            String key = key(group, letter.message());
            if (retryingALetter() || failedOnce.remove(key)) {
                return Decisions.enqueue(ThrowableCause.truncated(cause));
            }
            if (failedOnce.size() >= REMEMBERED) {
                failedOnce.clear();
            }
            failedOnce.add(key);
            throw new FailedOnce(group, letter.message(), cause);
        };
    }

    /** Axon's invoker marks the unit of work of a letter it retries from the queue with the letter. */
    private static boolean retryingALetter() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName());
    }

    private static String key(String group, Message<?> message) {
        return group + '/' + message.getIdentifier();
    }

    /** Rolls the batch back so that the processor retries it with the event under a savepoint. */
    static final class FailedOnce extends RuntimeException {

        FailedOnce(String group, EventMessage<?> event, Throwable cause) {
            super("Event " + event.getIdentifier() + " (" + event.getPayloadType().getSimpleName()
                    + ") failed in processing group '" + group + "'; the batch is rolled back and retried with this "
                    + "event under a savepoint, so that it can wait in the dead-letter queue with none of its "
                    + "writes kept", cause);
        }
    }
}
