package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One system's run over the whole input.
 *
 * @param system what ran ({@code raw copy}, {@code at_least_once}, {@code exactly_once_v2})
 * @param records input records a committed reader sees, all of which it processed
 * @param processing from its first output visible to its last
 * @param startUp from the process's start to its first output visible: JVM start, group join, the
 *     first commit
 * @param cpu the CPU time (user + system) the process spent over {@code processing}, or {@code null}
 *     where {@code /proc} cannot tell
 * @param memory its heap and resident set meanwhile
 * @param loadAverage the machine's 1-minute load average as the run ended
 */
record Throughput(
        String system,
        long records,
        Duration processing,
        Duration startUp,
        Duration cpu,
        MemorySampler.Summary memory,
        double loadAverage) {

    double perSecond() {
        return records / (processing.toNanos() / 1e9);
    }

    /** CPU time per input record, in microseconds, or {@code null} if unknown. */
    Double cpuMicrosPerRecord() {
        return cpu == null ? null : cpu.toNanos() / 1e3 / records;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("system", system);
        json.put("records", records);
        json.put("processingSeconds", processing.toMillis() / 1000.0);
        json.put("recordsPerSecond", Math.round(perSecond()));
        json.put("startUpSeconds", startUp.toMillis() / 1000.0);
        json.put("cpuSeconds", cpu == null ? null : cpu.toMillis() / 1000.0);
        json.put(
                "cpuMicrosPerRecord",
                cpuMicrosPerRecord() == null ? null : Math.round(cpuMicrosPerRecord() * 10) / 10.0);
        json.put("memory", memory.json());
        json.put("loadAverage", loadAverage);
        return json;
    }

    @Override
    public String toString() {
        String perRecord = cpu == null
                ? "CPU unknown"
                : String.format("%.1f µs CPU per record (%.1f s CPU)", cpuMicrosPerRecord(), cpu.toMillis() / 1000.0);
        return String.format(
                "%,.0f records/s, %s (%,d records in %.1f s; start-up %.1f s)",
                perSecond(), perRecord, records, processing.toMillis() / 1000.0, startUp.toMillis() / 1000.0);
    }
}
