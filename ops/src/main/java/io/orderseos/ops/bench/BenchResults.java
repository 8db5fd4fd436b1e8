package io.orderseos.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.orderseos.ops.load.LoadReport;
import io.orderseos.ops.load.RecordKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run measured, as a table on the console and as {@code bench.json}. A phase that did
 * not run is absent, never zero: a figure in either form was measured in this run.
 */
final class BenchResults {
    /** The goals of docs/performance.md that one run can judge, each checked against its figures. */
    record Goal(String goal, String measured, boolean met) {}

    private final BenchOptions options;
    private final Machine machine;
    private final Instant started = Instant.now();
    private final double loadAverageAtStart = Machine.loadAverage();
    LoadReport input;
    Throughput raw;
    Throughput alos;
    Throughput eos;
    Throughput eosCompared;
    boolean eosProfiled;
    CrashRestart crash;
    DedupOnDisk dedup;
    DedupOnDisk dedupCompared;
    Restore restore;
    Latency latency;
    Latency latencyCompared;
    Failover failover;

    BenchResults(BenchOptions options, Machine machine) {
        this.options = options;
        this.machine = machine;
    }

    Double eosToRaw() {
        return eos == null || raw == null ? null : eos.perSecond() / raw.perSecond();
    }

    /** CPU per input record of the exactly-once instance over that of the raw copy: the work EOS adds. */
    Double eosCpuToRaw() {
        return eos == null || raw == null || eos.cpuMicrosPerRecord() == null || raw.cpuMicrosPerRecord() == null
                ? null
                : eos.cpuMicrosPerRecord() / raw.cpuMicrosPerRecord();
    }

    Double eosToAlos() {
        return eos == null || alos == null ? null : eos.perSecond() / alos.perSecond();
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        if (eosToRaw() != null) {
            goals.add(new Goal(
                    "EOS ≥ 0.2 × raw transactional copy (one stream thread)", ratio(eosToRaw()), eosToRaw() >= 0.2));
            goals.add(new Goal("EOS ≥ 0.5 × raw transactional copy", ratio(eosToRaw()), eosToRaw() >= 0.5));
        }
        if (eosToAlos() != null) {
            goals.add(new Goal("EOS ≥ 0.85 × at-least-once", ratio(eosToAlos()), eosToAlos() >= 0.85));
        }
        if (latency != null) {
            long bound = latency.commitIntervalMs() + 100;
            goals.add(new Goal(
                    "p99 end-to-end ≤ commit interval + 100 ms (" + bound + " ms) at half the max rate",
                    latency.orderStatus().p99() + " ms (order-status)",
                    latency.orderStatus().p99() <= bound));
        }
        if (failover != null) {
            goals.add(new Goal(
                    "failover after kill -9 ≤ 10 s",
                    String.format("%.1f s", failover.allMoving().toMillis() / 1000.0),
                    failover.allMoving().toMillis() <= 10_000));
        }
        if (dedup != null) {
            goals.add(new Goal(
                    "dedup store ≤ 32 bytes per event on disk",
                    String.format("%.1f bytes", dedup.sstBytesPerEvent()),
                    dedup.sstBytesPerEvent() <= 32));
        }
        return goals;
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                "orders-eos bench, %s: %,d input records (%,d visible to a committed reader), seed %d, %d partitions, 1 broker%n",
                started, input.sent(), input.visible(), options.seed(), options.partitions());
        out.printf(
                "machine: %s; load average %.2f at start, %.2f at end%n",
                machine, loadAverageAtStart, Machine.loadAverage());
        if (!options.appEnv().isEmpty()) {
            out.println("orders-eos instances ran with " + options.appEnv());
        }
        if (!options.brokerConfig().isEmpty()) {
            out.println("the broker ran with " + options.brokerConfig());
        }
        out.println();
        out.println("| measure | figure |");
        out.println("|---|---|");
        row(out, "raw transactional copy (ceiling)", raw);
        row(out, "orders-eos, at_least_once", alos);
        row(out, "orders-eos, exactly_once_v2" + (eosProfiled ? " (recorded with JFR)" : ""), eos);
        if (eosToRaw() != null) {
            row(out, "EOS / raw copy", ratio(eosToRaw()));
        }
        if (eosToAlos() != null) {
            row(out, "EOS / at-least-once", ratio(eosToAlos()));
        }
        if (eosCpuToRaw() != null) {
            row(out, "CPU per record, EOS / raw copy", ratio(eosCpuToRaw()));
        }
        if (eosCompared != null) {
            row(out, "orders-eos, exactly_once_v2 with " + options.comparedWith(), eosCompared);
            row(out, "records/s, compared run / first run", ratio(eosCompared.perSecond() / eos.perSecond()));
            if (eosCompared.cpuMicrosPerRecord() != null && eos.cpuMicrosPerRecord() != null) {
                row(
                        out,
                        "CPU per record, compared run / first run",
                        ratio(eosCompared.cpuMicrosPerRecord() / eos.cpuMicrosPerRecord()));
            }
        }
        if (latency != null) {
            String at = String.format(
                    "at %,d records/s, commit interval %d ms", latency.rate(), latency.commitIntervalMs());
            row(out, "end-to-end latency, order-status (" + at + ")", latency.orderStatus());
            row(out, "end-to-end latency, customer-stats (via the repartition)", latency.customerStats());
            row(
                    out,
                    "order-status p99 per " + LatencyReader.WINDOW.toSeconds() + " s of input, the first "
                            + latency.warmUp().toSeconds() + " s warm-up",
                    latency.p99ByWindow());
        }
        if (latencyCompared != null) {
            row(
                    out,
                    "end-to-end latency, order-status, with " + options.comparedWith() + " (at "
                            + latencyCompared.rate() + " records/s)",
                    latencyCompared.orderStatus());
        }
        row(out, "failover after kill -9 (3 instances, 1 standby)", failover);
        row(out, "restart after kill -9 under load, on its own state", crash);
        row(out, "restore of a wiped instance", restore);
        if (restore != null) {
            row(out, "records a wiped instance's restore read", String.format("%,d", restore.restored()));
        }
        row(out, "dedup store on disk (after a clean close)", dedup);
        row(out, "dedup store on disk with " + options.comparedWith(), dedupCompared);
        memoryRow(out, "raw copy", raw);
        memoryRow(out, "at_least_once", alos);
        memoryRow(out, "exactly_once_v2", eos);
        memoryRow(out, "exactly_once_v2 with " + options.comparedWith(), eosCompared);
        if (restore != null) {
            row(out, "heap and RSS, restoring instance", restore.memory());
        }
        List<Goal> goals = goals();
        if (!goals.isEmpty()) {
            out.println();
            out.println("| goal | measured | met |");
            out.println("|---|---|---|");
            for (Goal goal : goals) {
                out.printf("| %s | %s | %s |%n", goal.goal(), goal.measured(), goal.met() ? "yes" : "no");
            }
        }
    }

    private static void memoryRow(PrintStream out, String system, Throughput throughput) {
        if (throughput != null) {
            row(out, "heap and RSS, " + system + " (-Xmx512m)", throughput.memory());
        }
    }

    private static void row(PrintStream out, String measure, Object figure) {
        if (figure != null) {
            out.printf("| %s | %s |%n", measure, figure);
        }
    }

    private static String ratio(double ratio) {
        return String.format("%.2f", ratio);
    }

    void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", started.toString());
        json.put("machine", machine.json());
        json.put("loadAverageAtStart", loadAverageAtStart);
        json.put("loadAverageAtEnd", Machine.loadAverage());
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("records", input.sent());
        in.put("visible", input.visible());
        in.put("seed", options.seed());
        in.put("partitions", options.partitions());
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (RecordKind kind : RecordKind.values()) {
            kinds.put(kind.label(), input.sent(kind));
        }
        in.put("byKind", kinds);
        json.put("input", in);
        json.put("appEnv", options.appEnv());
        json.put("brokerConfig", options.brokerConfig());
        put(json, "raw", raw == null ? null : raw.json());
        put(json, "alos", alos == null ? null : alos.json());
        put(json, "eos", eos == null ? null : eos.json());
        if (eosCompared != null) {
            json.put("compareAppEnv", options.compareEnv());
            json.put(
                    "compareAppJar",
                    options.compareJar() == null ? null : options.compareJar().toString());
            json.put("eosCompared", eosCompared.json());
            json.put("eosComparedToEos", eosCompared.perSecond() / eos.perSecond());
        }
        if (eos != null) {
            json.put("eosProfiled", eosProfiled);
        }
        put(json, "eosToRaw", eosToRaw());
        put(json, "eosCpuToRaw", eosCpuToRaw());
        put(json, "eosToAlos", eosToAlos());
        put(json, "latency", latency == null ? null : latency.json());
        put(json, "latencyCompared", latencyCompared == null ? null : latencyCompared.json());
        put(json, "crash", crash == null ? null : crash.json());
        put(json, "failover", failover == null ? null : failover.json());
        put(json, "restore", restore == null ? null : restore.json());
        put(json, "dedup", dedup == null ? null : dedup.json());
        put(json, "dedupCompared", dedupCompared == null ? null : dedupCompared.json());
        List<Map<String, Object>> goals = new ArrayList<>();
        for (Goal goal : goals()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("goal", goal.goal());
            entry.put("measured", goal.measured());
            entry.put("met", goal.met());
            goals.add(entry);
        }
        json.put("goals", goals);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static void put(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
