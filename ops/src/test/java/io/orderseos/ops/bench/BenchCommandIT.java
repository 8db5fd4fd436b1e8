package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.ops.OpsMain;
import io.orderseos.ops.cluster.AppJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} runs end to end on a tiny input, against a real broker process and real app
 * processes, and reports every figure it promises. Benchmarks are not tests: nothing here judges a
 * figure's size, only that each was measured (present, positive, consistent with the input).
 * Failover is left out: its 20 s warm-up, the 6 s session timeout and three more JVMs would double
 * the run; {@code bench --only failover} exercises it. The exactly-once and latency phases run a
 * second time with transactional stores and RocksDB compression off ({@code --compare-app-env}), with
 * the same jar given as the one to compare ({@code --compare-app-jar}).
 */
class BenchCommandIT {
    @TempDir
    Path dir;

    @Test
    void tinyRunReportsEveryFigure() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

        int code = OpsMain.run(
                new String[] {
                    "bench",
                    "--events",
                    "5000",
                    "--only",
                    "raw,alos,eos,latency,crash,restore",
                    "--latency-seconds",
                    "5",
                    "--warm-up-seconds",
                    "2",
                    "--app-env",
                    "KAFKA_COMMIT_INTERVAL_MS=200",
                    "--broker-config",
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms=2000",
                    "--compare-app-env",
                    "KAFKA_ENABLE_TRANSACTIONAL_STATESTORES=false,KAFKA_DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL=READ_UNCOMMITTED"
                            + ",ORDERS_ROCKSDB_COMPRESSION=none",
                    "--compare-app-jar",
                    AppJar.locate().toString(),
                    "--dir",
                    dir.toString()
                },
                out,
                out);

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        assertThat(output)
                .contains("| raw transactional copy (ceiling) |")
                .contains("| EOS / raw copy |")
                .contains("| EOS / at-least-once |")
                .contains("| goal | measured | met |");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        // --app-env reaches every orders-eos instance: each logs the configuration it started with.
        assertThat(json.at("/appEnv/KAFKA_COMMIT_INTERVAL_MS").asText()).isEqualTo("200");
        for (String instance : List.of("alos-0", "eos-0", "latency-0")) {
            String log = Files.readString(dir.resolve(instance).resolve("app.log"), StandardCharsets.UTF_8);
            assertThat(log).as(instance).contains("commit.interval.ms=200");
            // Undecodable input is a counted dead letter, not a WARN with a stack trace per record.
            assertThat(log).as(instance).doesNotContain("Skipping record due to deserialization error");
        }
        // --broker-config reaches the broker's properties.
        assertThat(json.at("/brokerConfig/transaction.abort.timed.out.transaction.cleanup.interval.ms")
                        .asText())
                .isEqualTo("2000");
        assertThat(Files.readString(dir.resolve("kafka/node-1/server.properties"), StandardCharsets.UTF_8))
                .contains("\ntransaction.abort.timed.out.transaction.cleanup.interval.ms=2000\n");
        assertThat(json.at("/input/byKind/undecodable bytes").asLong()).isPositive();
        long visible = json.at("/input/visible").asLong();
        assertThat(json.at("/input/records").asLong()).isEqualTo(5000);
        assertThat(visible).isPositive().isLessThanOrEqualTo(5000);
        assertThat(json.at("/machine/cores").asInt()).isPositive();

        for (String system : List.of("raw", "alos", "eos")) {
            JsonNode run = json.get(system);
            assertThat(run).as(system).isNotNull();
            assertThat(run.get("records").asLong()).as(system).isEqualTo(visible);
            assertThat(run.get("recordsPerSecond").asLong()).as(system).isPositive();
            assertThat(run.get("processingSeconds").asDouble()).as(system).isPositive();
            assertThat(run.get("startUpSeconds").asDouble()).as(system).isPositive();
            assertThat(run.at("/memory/peakHeapMb").asDouble()).as(system).isPositive();
            assertThat(run.at("/memory/peakRssMb").asDouble()).as(system).isPositive();
            assertThat(run.at("/memory/gcSeconds").asDouble()).as(system).isNotNegative();
            assertThat(run.get("cpuSeconds").asDouble()).as(system).isPositive();
            assertThat(run.get("cpuMicrosPerRecord").asDouble()).as(system).isPositive();
        }
        assertThat(json.get("eosCpuToRaw").asDouble()).isPositive();
        assertThat(json.get("eosToRaw").asDouble()).isPositive();
        assertThat(json.get("eosToAlos").asDouble()).isPositive();

        JsonNode latency = json.get("latency");
        assertThat(latency.get("rate").asInt()).isPositive();
        assertThat(latency.get("commitIntervalMs").asLong()).isEqualTo(200);
        for (String topic : List.of("orderStatus", "customerStats")) {
            JsonNode summary = latency.get(topic);
            assertThat(summary.get("count").asLong()).as(topic).isPositive();
            assertThat(summary.get("p50Ms").asLong()).as(topic).isNotNegative();
            assertThat(summary.get("p99Ms").asLong())
                    .as(topic)
                    .isGreaterThanOrEqualTo(summary.get("p50Ms").asLong());
            assertThat(summary.get("maxMs").asLong())
                    .as(topic)
                    .isGreaterThanOrEqualTo(summary.get("p99Ms").asLong());
        }
        // The warm-up (2 s) and the measured 5 s, per 5 s of input: two windows at least.
        assertThat(latency.get("warmUpSeconds").asDouble()).isEqualTo(2.0);
        JsonNode windows = latency.get("orderStatusByWindow");
        assertThat(windows.size()).isGreaterThanOrEqualTo(2);
        long counted = 0;
        for (JsonNode window : windows) {
            counted += window.get("count").asLong();
        }
        assertThat(counted)
                .isGreaterThanOrEqualTo(latency.at("/orderStatus/count").asLong());

        JsonNode dedup = json.get("dedup");
        assertThat(dedup.get("entries").asLong()).isPositive().isLessThanOrEqualTo(visible);
        assertThat(dedup.get("sstBytes").asLong()).isPositive();
        assertThat(dedup.get("dirBytes").asLong())
                .isGreaterThanOrEqualTo(dedup.get("sstBytes").asLong());

        // The comparison: the same phases once more with the settings compared, beside the defaults.
        JsonNode compared = json.get("eosCompared");
        assertThat(compared.get("records").asLong()).isEqualTo(visible);
        assertThat(compared.get("recordsPerSecond").asLong()).isPositive();
        assertThat(json.get("eosComparedToEos").asDouble()).isPositive();
        assertThat(json.at("/latencyCompared/orderStatus/count").asLong()).isPositive();
        assertThat(Files.readString(dir.resolve("eos-b-0").resolve("app.log"), StandardCharsets.UTF_8))
                .contains("enable.transactional.statestores=false");
        assertThat(output)
                .contains("| records/s, compared run / first run |")
                .contains("| CPU per record, compared run / first run |");
        assertThat(json.get("compareAppJar").asText()).isEqualTo(AppJar.locate().toString());
        // The stores' files are compressed by default (ZSTD); the compared run, uncompressed (and
        // without transactional stores, which leave the same files after a clean close), takes more.
        JsonNode dedupCompared = json.get("dedupCompared");
        assertThat(dedupCompared.get("entries").asLong())
                .isEqualTo(dedup.get("entries").asLong());
        assertThat(dedupCompared.get("sstBytes").asLong())
                .isGreaterThan(dedup.get("sstBytes").asLong());

        JsonNode crash = json.get("crash");
        assertThat(crash.get("restoredRecords").asLong()).isNotNegative();
        assertThat(crash.get("processStartToReadySeconds").asDouble()).isPositive();
        assertThat(crash.get("sentBeforeKill").asLong()).isPositive();

        JsonNode restore = json.get("restore");
        assertThat(restore.get("restoredRecords").asLong()).isPositive();
        assertThat(restore.get("changelogs")).hasSize(3);
        assertThat(restore.get("records").asLong())
                .isGreaterThanOrEqualTo(dedup.get("entries").asLong());
        assertThat(restore.get("logBytes").asLong()).isPositive();
        assertThat(restore.get("restoreSeconds").asDouble()).isPositive();
        assertThat(restore.get("recordsPerSecond").asLong()).isPositive();
        assertThat(restore.at("/memory/peakRssMb").asDouble()).isPositive();

        assertThat(json.get("goals")).hasSize(5);
        assertThat(json.has("failover")).isFalse();
    }
}
