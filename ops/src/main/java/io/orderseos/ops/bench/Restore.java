package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wiped instance restoring its whole state from the changelogs.
 *
 * @param changelogs what it read: records, key and value bytes, bytes on the broker
 * @param restored the records its restore consumer read, as the instance counts them
 * @param restore from its HTTP API answering (Kafka Streams started) to RUNNING (every task
 *     restored); the group join is inside, the JVM start is not
 * @param toReady from the process's start to RUNNING
 * @param memory its heap and resident set meanwhile
 */
record Restore(
        List<Changelogs.Count> changelogs,
        long restored,
        Duration restore,
        Duration toReady,
        MemorySampler.Summary memory) {

    long records() {
        return changelogs.stream().mapToLong(Changelogs.Count::records).sum();
    }

    long payloadBytes() {
        return changelogs.stream().mapToLong(Changelogs.Count::payloadBytes).sum();
    }

    long logBytes() {
        return changelogs.stream().mapToLong(Changelogs.Count::logBytes).sum();
    }

    private double seconds() {
        return restore.toMillis() / 1000.0;
    }

    double recordsPerSecond() {
        return records() / seconds();
    }

    double megabytesPerSecond() {
        return logBytes() / 1e6 / seconds();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("changelogs", changelogs.stream().map(Changelogs.Count::json).toList());
        json.put("records", records());
        json.put("restoredRecords", restored);
        json.put("payloadBytes", payloadBytes());
        json.put("logBytes", logBytes());
        json.put("restoreSeconds", seconds());
        json.put("processStartToReadySeconds", toReady.toMillis() / 1000.0);
        json.put("recordsPerSecond", Math.round(recordsPerSecond()));
        json.put("megabytesPerSecond", megabytesPerSecond());
        json.put("memory", memory.json());
        return json;
    }

    @Override
    public String toString() {
        return String.format(
                "%,.0f records/s, %.1f MB/s (%,d records, %,.1f MB on the broker, in %.1f s; %.1f s from process start)",
                recordsPerSecond(),
                megabytesPerSecond(),
                records(),
                logBytes() / 1e6,
                seconds(),
                toReady.toMillis() / 1000.0);
    }
}
