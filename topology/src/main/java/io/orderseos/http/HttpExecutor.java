package io.orderseos.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's threads, bounded: a fixed pool of workers with a bounded queue, and a small
 * overflow lane whose threads answer {@code 503} with {@code Retry-After} (and liveness) without
 * doing any work. When the overflow lane is full too, the JDK server closes the new connection.
 *
 * <p>The JDK server reads a request (TLS handshake, request line, headers) on the executor's thread,
 * so a slow client holds a thread until {@code sun.net.httpserver.maxReqTime} ({@link ServerLimits})
 * closes its connection; this bound is what keeps such clients from costing more than the pools.
 */
final class HttpExecutor implements Executor {
    /** Threads that answer requests: a forward can hold one for the forward timeout. */
    static final int WORKERS = 16;

    static final int QUEUE = 64;
    /** Threads that only say "busy": answers that cost nothing. */
    static final int BUSY_WORKERS = 2;

    static final int BUSY_QUEUE = 64;

    private final ThreadPoolExecutor workers = pool(WORKERS, QUEUE, false);
    private final ThreadPoolExecutor busy = pool(BUSY_WORKERS, BUSY_QUEUE, true);

    @Override
    public void execute(Runnable exchange) {
        try {
            workers.execute(exchange);
        } catch (RejectedExecutionException full) {
            busy.execute(exchange); // rejected too: the JDK server closes the connection
        }
    }

    /** Whether the calling thread is one of the overflow lane's: the request gets 503, not an answer. */
    static boolean overloaded() {
        return Thread.currentThread() instanceof BusyThread;
    }

    void shutdownNow() {
        workers.shutdownNow();
        busy.shutdownNow();
    }

    private static ThreadPoolExecutor pool(int threads, int queue, boolean busy) {
        return new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), task -> {
                    Thread thread = busy ? new BusyThread(task) : new Thread(task, "orders-http");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private static final class BusyThread extends Thread {
        BusyThread(Runnable task) {
            super(task, "orders-http-busy");
        }
    }
}
