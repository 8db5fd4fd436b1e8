package io.orderseos.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterCounts;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.testing.UnconnectedStreams;
import io.orderseos.time.FutureTimestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /metrics} is made of: the app's counters, the JVM's metrics and Kafka Streams', named
 * as Micrometer names them. A Kafka Streams instance that reaches no broker is enough for that.
 */
class AppMetersTest {
    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private AppMeters meters;

    @BeforeEach
    void bind() {
        streams = UnconnectedStreams.create(UnconnectedStreams.config(stateDir));
        meters = new AppMeters();
    }

    @AfterEach
    void close() {
        meters.close();
        streams.close(Duration.ofSeconds(30));
    }

    @Test
    void theAppsCountersAreThereAtZeroFromTheStartAndCount() {
        DeadLetterCounts deadLetters = new DeadLetterCounts(meters.registry());
        FutureTimestamps future = new FutureTimestamps(Duration.ofMinutes(15), Clock.systemUTC(), meters.registry());
        meters.bind(streams);

        assertThat(meters.scrape().lines())
                .contains("orders_timestamps_clamped_total 0.0")
                .contains(Arrays.stream(DeadLetterReason.values())
                        .map(reason -> "orders_dead_letters_total{reason=\"" + reason + "\"} 0.0")
                        .toArray(String[]::new));

        future.clamp(future.latest() + Duration.ofDays(1).toMillis());
        assertThat(future.clampedCount()).isEqualTo(1);
        assertThat(deadLetters.count(DeadLetterReason.OVERSIZE)).isZero();
        assertThat(meters.scrape().lines()).contains("orders_timestamps_clamped_total 1.0");
    }

    @Test
    void exportsTheJvmsAndKafkaStreamsMetrics() {
        meters.bind(streams);

        assertThat(names(meters.scrape()))
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_gc_max_data_size_bytes",
                        "jvm_threads_live_threads",
                        "jvm_classes_loaded_classes",
                        "process_cpu_usage",
                        "process_uptime_seconds",
                        "kafka_stream_client_state",
                        "kafka_stream_alive_stream_threads",
                        "kafka_stream_failed_stream_threads_total",
                        "kafka_stream_thread_process_total",
                        "kafka_consumer_coordinator_rebalance_total");
    }

    @Test
    void aScrapeShowsKafkaMetricsMadeAfterTheBinderWasBound() {
        meters.bind(streams);
        assertThat(names(meters.scrape())).noneMatch(name -> name.startsWith("kafka_stream_state_updater_"));

        streams.start(); // the state updater's metrics come with its thread
        Awaitility.await("the state updater's metrics")
                .atMost(Duration.ofSeconds(30))
                .until(() -> streams.metrics().keySet().stream()
                        .anyMatch(name -> name.group().equals("stream-state-updater-metrics")));

        assertThat(names(meters.scrape())).contains("kafka_stream_state_updater_active_restoring_tasks");
    }

    @Test
    void closingUnregistersKafkaStreamsMetrics() {
        meters.bind(streams);
        assertThat(meters.registry().getMeters())
                .anyMatch(meter -> meter.getId().getName().startsWith("kafka."));

        meters.close();

        assertThat(meters.registry().getMeters())
                .noneMatch(meter -> meter.getId().getName().startsWith("kafka."));
    }

    private static java.util.List<String> names(String exposition) {
        return exposition
                .lines()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .toList();
    }
}
