package io.orderseos.ops.bench;

import io.orderseos.app.TopicOffsets;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end latency at a fixed rate: one exactly-once instance with the app's defaults, already
 * running, then the seeded stream sent at {@code rate} for {@code seconds} to an input topic with
 * {@code message.timestamp.type=LogAppendTime}; a {@link LatencyReader} notes when each output
 * record becomes visible. The first tenth of the run is warm-up and left out.
 */
final class LatencyMeasurement {
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration DRAIN = Duration.ofMinutes(5);

    private final Map<String, Object> clientConfig;
    private final PrintStream out;

    LatencyMeasurement(Map<String, Object> clientConfig, PrintStream out) {
        this.clientConfig = clientConfig;
        this.out = out;
    }

    /** {@code app}'s instance {@code instance} is not started yet; it is stopped afterwards. */
    Latency measure(AppUnderTest app, AppProcess instance, LoadOptions load) throws Exception {
        int seconds = (int) Math.ceil((double) load.count() / load.rate());
        Duration warmUp = Duration.ofMillis(seconds * 100L);
        out.printf(
                "latency: %,d records at %,d/s (%d s, the first %.1f s warm-up) into %s%n",
                load.count(), load.rate(), seconds, warmUp.toMillis() / 1000.0, app.input());
        instance.start();
        instance.awaitReady(READY);
        List<String> outputs = List.of(app.statusTopic(), app.customerStatsTopic());
        Map<String, Percentiles.Summary> latencies;
        try (LatencyReader reader = new LatencyReader(clientConfig, outputs);
                Admin admin = Admin.create(clientConfig)) {
            reader.countFrom(System.currentTimeMillis() + warmUp.toMillis());
            Load.run(load, out, () -> false);
            Optional<String> left = app.drain(clientConfig, out).await(DRAIN);
            if (left.isPresent()) {
                throw new IllegalStateException("latency: " + left.get() + "; see " + instance.log());
            }
            while (!TopicOffsets.withOpenTransactions(admin, outputs).isEmpty()) {
                Thread.sleep(100); // the coordinator writes the last markers on its own
            }
            Map<TopicPartition, Long> ends = TopicOffsets.end(admin, outputs, IsolationLevel.READ_COMMITTED);
            latencies = reader.readTo(ends, DRAIN);
        } finally {
            instance.terminate(AppProcess.CLEAN_STOP);
        }
        Latency latency = new Latency(
                load.rate(),
                seconds,
                warmUp,
                app.commitIntervalMs(),
                latencies.get(app.statusTopic()),
                latencies.get(app.customerStatsTopic()));
        out.printf("latency: order-status %s; customer-stats %s%n", latency.orderStatus(), latency.customerStats());
        return latency;
    }
}
