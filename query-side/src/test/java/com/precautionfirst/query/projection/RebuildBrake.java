package com.precautionfirst.query.projection;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Test only: holds a rebuild of the projections in the middle, so that a test can read while it runs. Once
 * {@link #holdAfter armed}, a handler doing the rebuild's work waits before an event beyond the given position until
 * {@link #release released}. The rebuild's work is what a rebuild processor handles (decision 0056), or an event
 * replayed after its processor's tokens were reset (how rebuilds worked before), so the tests that hold a rebuild
 * fail against that way too. Imported by QuerySideIntegrationTest into the context every query-side test shares;
 * inert until armed.
 */
public class RebuildBrake implements HandlerEnhancerDefinition {

    private volatile Hold hold;

    /** From now on, the rebuild waits before any event beyond {@code position}. */
    public void holdAfter(long position) {
        hold = new Hold(position, new CountDownLatch(1), new CountDownLatch(1));
    }

    /** Whether the rebuild reached the held position within the bound (and waits there). */
    public boolean awaitHeld(Duration bound) throws InterruptedException {
        return hold.held().await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        Hold released = hold;
        hold = null;
        if (released != null) {
            released.released().countDown();
        }
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                Hold current = hold;
                if (current != null && message instanceof TrackedEventMessage<?> event && rebuilds(target, event)
                        && event.trackingToken().position().orElse(-1) > current.after()) {
                    current.held().countDown();
                    if (!current.released().await(2, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the test never released the rebuild");
                    }
                }
                return super.handle(message, target);
            }
        };
    }

    private static boolean rebuilds(Object handler, TrackedEventMessage<?> event) {
        ProcessingGroup group = AnnotationUtils.findAnnotation(handler.getClass(), ProcessingGroup.class);
        return group != null && Generations.isRebuild(group.value()) || ReplayToken.isReplay(event);
    }

    private record Hold(long after, CountDownLatch held, CountDownLatch released) {
    }
}
