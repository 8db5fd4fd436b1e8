package io.orderseos.serde;

import com.microsoft.kiota.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls to the schema registry, each bounded in time. Apicurio's client has no request timeout: a
 * registry that accepts connections but never answers would block the caller (a stream thread)
 * forever. Here a call runs on a small pool of daemon threads while the caller waits at most its
 * budget, retrying transient failures (refused connections, server errors) with a growing pause.
 * Callers asking for the same key share one call in flight, and an answer that comes after a
 * caller gave up still serves the next caller.
 */
final class RegistryCalls implements AutoCloseable {
    /** Calls that may be in flight at once; beyond, the registry is evidently not answering. */
    static final int MAX_IN_FLIGHT = 4;

    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 1_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String registry;
    private final ThreadPoolExecutor pool;
    private final Map<Object, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

    RegistryCalls(String registry) {
        this.registry = registry;
        this.pool =
                new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "orders-registry-call-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The result of {@code fetch} for {@code key}, waiting at most {@code budget} in all.
     *
     * @param definitive maps a failure to the exception to throw at once (bad data, a refusal), or
     *     to {@code null} for a transient failure worth retrying
     * @param what what is being asked, for the message ("schema id 7")
     * @throws RegistryUnavailableException if no answer came within the budget
     */
    <R> R call(
            Object key,
            Supplier<R> fetch,
            Duration budget,
            Function<Throwable, RuntimeException> definitive,
            String what) {
        long deadline = System.nanoTime() + budget.toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        Throwable last = null;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<R> call = (CompletableFuture<R>) inFlight.get(key);
            if (call == null) {
                try {
                    CompletableFuture<R> started = CompletableFuture.supplyAsync(fetch, pool);
                    CompletableFuture<?> raced = inFlight.putIfAbsent(key, started);
                    @SuppressWarnings("unchecked")
                    CompletableFuture<R> winner = raced == null ? started : (CompletableFuture<R>) raced;
                    call = winner;
                } catch (RejectedExecutionException e) {
                    last = new IllegalStateException(MAX_IN_FLIGHT + " registry calls already waiting for an answer");
                }
            }
            if (call != null) {
                try {
                    R result = call.get(remaining, TimeUnit.NANOSECONDS);
                    inFlight.remove(key, call);
                    return result;
                } catch (TimeoutException e) {
                    // The budget ran out during a retry: an earlier failure says more than this one.
                    if (last == null) {
                        last = new TimeoutException("no answer");
                    }
                    break;
                } catch (ExecutionException e) {
                    inFlight.remove(key, call);
                    last = e.getCause();
                    RuntimeException fatal = definitive.apply(last);
                    if (fatal != null) {
                        throw fatal;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException(
                            "interrupted while asking the schema registry at " + registry + " for " + what, e);
                }
            }
            long sleepMs = Math.min(pauseMs, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (sleepMs > 0) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException(
                            "interrupted while asking the schema registry at " + registry + " for " + what, e);
                }
            }
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
        }
        throw new RegistryUnavailableException(
                String.format(
                        "the schema registry at %s gave no answer for %s within %d ms (last: %s)",
                        registry, what, budget.toMillis(), describe(last)),
                last);
    }

    /** The HTTP status of the registry's answer somewhere in {@code failure}'s causes, or -1. */
    static int status(Throwable failure) {
        ApiException answer = find(failure, ApiException.class);
        return answer == null ? -1 : answer.getResponseStatusCode();
    }

    /** The first of {@code failure}'s causes (itself included) of {@code type}, or {@code null}. */
    static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** Whether the message of {@code failure} or of one of its causes contains {@code text}. */
    static boolean mentions(Throwable failure, String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** What went wrong, for a person: the registry's answer, else the innermost cause. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "nothing tried";
        }
        ApiException answer = find(failure, ApiException.class);
        if (answer != null) {
            String detail = null;
            if (answer instanceof io.apicurio.registry.rest.client.models.ProblemDetails problem) {
                detail = problem.getDetail();
            } else if (answer instanceof io.apicurio.registry.rest.client.v2.models.Error error) {
                detail = error.getMessage() != null ? error.getMessage() : error.getDetail();
            }
            return "HTTP " + answer.getResponseStatusCode() + (detail == null ? "" : " " + detail);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
