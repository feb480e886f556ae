package com.precautionfirst.query.export;

import com.precautionfirst.query.log.ClientChains;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Test only: holds an export at one client, so that a test can look at what the answer held before that client was
 * read. Wraps the query side's {@link ClientChains}: a call of {@code entries(clientId, ...)} for the held client
 * waits until the test releases it (or a generous bound passes, which the hold then reports). Imported by
 * QuerySideIntegrationTest into the context every query-side test shares; inert until a test holds a client.
 */
public class ExportGate implements BeanPostProcessor {

    private volatile Hold hold;

    /** Holds the next read of this client's chain until {@link Hold#release()}. */
    public Hold hold(String clientId) {
        Hold next = new Hold(clientId);
        hold = next;
        return next;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ClientChains)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Hold current = hold;
            if (current != null && invocation.getMethod().getName().equals("entries")
                    && current.clientId.equals(invocation.getArguments()[0])) {
                current.reached();
            }
            return invocation.proceed();
        });
        return proxy.getProxy();
    }

    /** One held client. */
    public static final class Hold {
        private final String clientId;
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean reached;
        private volatile boolean timedOut;

        Hold(String clientId) {
            this.clientId = clientId;
        }

        private void reached() throws InterruptedException {
            reached = true;
            timedOut = !released.await(60, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }

        /** Whether the export came to the held client (and waited there). */
        public boolean wasReached() {
            return reached;
        }

        /** Whether the export waited the whole bound without being released. */
        public boolean timedOut() {
            return timedOut;
        }
    }
}
