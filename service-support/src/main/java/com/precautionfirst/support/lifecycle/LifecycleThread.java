package com.precautionfirst.support.lifecycle;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * A daemon thread of its own that runs while the application does: started with the context, interrupted and
 * waited for (at most 5 s) when it stops. The work loops while {@link #isRunning()} and returns on an interrupt.
 */
public abstract class LifecycleThread implements SmartLifecycle {

    private final String name;
    private volatile boolean running;
    private Thread thread;

    protected LifecycleThread(String name) {
        this.name = name;
    }

    /** The thread's work: until {@link #isRunning()} is false or the thread is interrupted. */
    protected abstract void runUntilStopped();

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::runUntilStopped, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
