package io.orderseos.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler Micrometer's {@code KafkaStreamsMetrics} is given, so that its refresh can also run
 * right before a scrape. The binder makes a meter for each Kafka metric it finds, and looks again on
 * a schedule: Kafka Streams adds metrics as tasks, partitions and processors come, and removes them as
 * they go. On the schedule alone, {@code /metrics} would miss a new task's metrics for up to a
 * minute; refreshed before each scrape, it shows every metric that exists at that moment.
 */
final class ScrapeRefresh extends ScheduledThreadPoolExecutor {
    private final List<Runnable> refreshes = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    ScrapeRefresh() {
        super(1, runnable -> {
            Thread thread = new Thread(runnable, "orders-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The binder's refresh, kept to run on demand too; one run at a time, whoever asks. */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Runnable serialized = () -> {
            synchronized (lock) {
                command.run();
            }
        };
        refreshes.add(serialized);
        return super.scheduleAtFixedRate(serialized, initialDelay, period, unit);
    }

    /** Runs every refresh now, on the calling thread. */
    void refreshNow() {
        refreshes.forEach(Runnable::run);
    }
}
