package io.orderseos.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One instance of the deployable jar against an {@link EmbeddedKafka}, as a container runs it: its
 * own state directory and HTTP port, configured by environment (more variables in {@code env}),
 * started and ready ({@code /health/ready} answers 200). A restart on the same state directory is a
 * new instance with the same {@code stateDir}.
 */
public record JarInstance(JarProcess process, int port, Http http) implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(120);

    public static JarInstance start(
            EmbeddedKafka kafka, String applicationId, Path stateDir, Path log, Map<String, String> env)
            throws IOException {
        int port = JarProcess.freePort();
        Map<String, String> all = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_APPLICATION_ID", applicationId,
                "KAFKA_STATE_DIR", stateDir.toString(),
                "ORDERS_HTTP_PORT", Integer.toString(port)));
        all.putAll(env);
        JarInstance instance = new JarInstance(JarProcess.start(all, log), port, new Http(port));
        Awaitility.await("ready; log " + log)
                .atMost(READY)
                .ignoreExceptions()
                .until(() -> instance.http().get("/health/ready").status() == 200);
        return instance;
    }

    /** {@code kill -9}: no clean close, whatever it is doing. */
    public void kill() throws InterruptedException {
        process.process().destroyForcibly().waitFor();
    }

    /** The sum of {@code metric} over its samples in {@code /metrics}. */
    public long metric(String metric) throws IOException, InterruptedException {
        return Http.metricTotal(http.get("/metrics").body(), metric);
    }

    /**
     * Changelog records this instance has read to restore its stores since it started: what its
     * restore consumer has fetched (one instance has no standby tasks, which would read it too).
     */
    public long restoredRecords() throws IOException, InterruptedException {
        return http.get("/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_consumed_total{")
                        && line.contains("-restore-consumer\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Override
    public void close() {
        process.close();
    }
}
