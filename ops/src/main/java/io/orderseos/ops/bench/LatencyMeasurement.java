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
 * running, then the seeded stream sent at a fixed rate to an input topic with
 * {@code message.timestamp.type=LogAppendTime}; a {@link LatencyReader} notes when each output
 * record becomes visible. A warm-up stretch of the stream is left out of the summaries: a
 * fresh JVM falls seconds behind at this rate while it compiles its hot code, and then catches up
 * (the p99 per window shows it).
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

    /**
     * {@code app}'s instance {@code instance} is not started yet; it is stopped afterwards. {@code
     * load} sends for {@code warmUp} and then the measured {@code seconds}.
     */
    Latency measure(AppUnderTest app, AppProcess instance, LoadOptions load, Duration warmUp, int seconds)
            throws Exception {
        out.printf(
                "latency: %,d records at %,d/s (%d s warm-up, then %d s measured) into %s%n",
                load.count(), load.rate(), warmUp.toSeconds(), seconds, app.input());
        instance.start();
        instance.awaitReady(READY);
        List<String> outputs = List.of(app.statusTopic(), app.customerStatsTopic());
        Map<String, Percentiles.Summary> latencies;
        List<Percentiles.Summary> statusWindows;
        try (LatencyReader reader = new LatencyReader(clientConfig, outputs);
                Admin admin = Admin.create(clientConfig)) {
            long start = System.currentTimeMillis();
            reader.start(start, start + warmUp.toMillis());
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
            statusWindows = reader.windows(app.statusTopic());
        } finally {
            instance.terminate(AppProcess.CLEAN_STOP);
        }
        Latency latency = new Latency(
                load.rate(),
                seconds,
                warmUp,
                app.commitIntervalMs(),
                latencies.get(app.statusTopic()),
                latencies.get(app.customerStatsTopic()),
                statusWindows);
        out.printf("latency: order-status %s; customer-stats %s%n", latency.orderStatus(), latency.customerStats());
        out.printf(
                "latency: order-status p99 per %d s of input, the first %d warm-up: %s%n",
                LatencyReader.WINDOW.toSeconds(),
                warmUp.toSeconds() / LatencyReader.WINDOW.toSeconds(),
                latency.p99ByWindow());
        return latency;
    }
}
