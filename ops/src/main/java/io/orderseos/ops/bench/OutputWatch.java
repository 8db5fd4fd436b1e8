package io.orderseos.ops.bench;

import io.orderseos.app.TopicOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;

/**
 * When a system's output became visible, seen the way its readers see it: every 100 ms the last
 * stable offsets of its output topics (what a {@code read_committed} consumer can read; a
 * transaction's output counts once its commit marker is written, output without transactions at
 * once), summed, with the time the answer came. Two instants come out of it, measured alike for
 * every system under test: the first output ({@link #firstVisibleNanos()}) and the moment the
 * outputs reached their final size ({@link #reachedNanos(long)}). A cheap question for the broker,
 * so the watch hardly takes CPU from what it measures.
 */
final class OutputWatch implements AutoCloseable {
    private static final Duration EVERY = Duration.ofMillis(100);

    /** One answer: when it came (System.nanoTime) and the summed end offsets. */
    private record Sample(long nanos, long total) {}

    private final Admin admin;
    private final List<String> topics;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Exception failure;

    OutputWatch(Map<String, Object> clientConfig, List<String> topics) {
        this.admin = Admin.create(clientConfig);
        this.topics = List.copyOf(topics);
        this.thread = Background.start("bench-output-watch", this::watch);
    }

    private void watch() {
        try {
            while (!stop) {
                long total = total();
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), total));
                }
                Thread.sleep(EVERY.toMillis()); // polling the broker: there is nothing to wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** The summed end offsets right now. */
    long total() throws ExecutionException, InterruptedException {
        return TopicOffsets.end(admin, topics, IsolationLevel.READ_COMMITTED).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** The time of the first answer with any output; -1 if none yet. */
    long firstVisibleNanos() {
        return reachedNanos(1);
    }

    /** The time of the first answer with at least {@code total}; -1 if none yet. */
    long reachedNanos(long total) {
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.total() >= total) {
                    return sample.nanos();
                }
            }
        }
        return -1;
    }

    /** The latest answer's total (0 before the first). */
    long latest() {
        synchronized (samples) {
            return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).total();
        }
    }

    /** Stops watching; fails if the watch itself failed, since its instants would be wrong. */
    @Override
    public void close() {
        stop = true;
        Background.join(thread);
        admin.close(Duration.ofSeconds(5));
        if (failure != null) {
            throw new IllegalStateException("watching the output topics failed: " + failure.getMessage(), failure);
        }
    }
}
