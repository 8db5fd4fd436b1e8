package io.orderseos.ops.bench;

import io.orderseos.ops.cluster.AppJar;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code orders-eos-ops bench}: throughput, latency, failover, restore and footprint against real processes. */
public final class BenchCommand {
    public static final String USAGE =
            """
            usage: orders-eos-ops bench [--events N] [--partitions N] [--seed N] [--only LIST]
                                        [--rate N] [--failover-rate N]
                                        [--latency-seconds N] [--warm-up-seconds N]
                                        [--dir DIR] [--keep]
                                        [--jfr] [--app-jar PATH] [--app-env LIST]
                                        [--broker-config LIST] [--compare-app-env LIST]
              Starts a real Kafka broker process, writes the seeded input once, and measures against
              it, with real processes (orders-eos runs as java -jar topology/target/orders-eos.jar):
              a raw transactional copy (the ceiling), orders-eos with at_least_once and with
              exactly_once_v2 (its defaults), each reading the same input from the beginning; then
              end-to-end latency at a fixed rate, failover after kill -9 of one of three instances,
              a restart after kill -9 on the instance's own state, restore of a wiped instance, the
              dedup store's bytes per event, heap and RSS. Prints a
              table and the goals, and writes bench.json to the run's directory.
              --events N           input records, every kind included (default 2000000)
              --partitions N       partitions of every topic (default 6)
              --seed N             seed of the input; the same seed gives the same input (default 42)
              --only LIST          phases to run, comma-separated (default all): %s
              --rate N             records/s for latency (default: half the exactly_once_v2
                                   maximum measured in this run)
              --failover-rate N    records/s for failover (default: a quarter of that maximum,
                                   what three instances with standbys carry beside the broker);
                                   the kill waits until the group is less than a second behind
              --latency-seconds N  how long the latency phase measures (default 60)
              --warm-up-seconds N  how long it sends before, at the same rate, to warm the fresh
                                   instance up; reported per 5 s, not counted (default 30)
              --dir DIR            the run's directory (default: a new temporary directory)
              --keep               keep broker data and state stores (logs, bench.json and the
                                   flight recording are always kept)
              --jfr                record the exactly_once_v2 instance with Java Flight Recorder
                                   (settings=profile): DIR/eos.jfr, DIR/restore.jfr for its
                                   restore, DIR/latency.jfr for the latency phase's instance
              --app-jar PATH       the app jar (default topology/target/orders-eos.jar)
              --app-env LIST       settings for every orders-eos instance, as the app's environment
                                   variables: KAFKA_SESSION_TIMEOUT_MS=6000,ORDERS_...=... (a
                                   phase's own setting, such as alos's guarantee, wins)
              --broker-config LIST settings of the run's broker, NAME=VALUE,... in Kafka's names:
                                   transaction.abort.timed.out.transaction.cleanup.interval.ms=500
              --compare-app-env LIST
                                   measure exactly_once_v2 (and latency) a second time with these
                                   settings, side by side with the defaults in the same run:
                                   KAFKA_ENABLE_TRANSACTIONAL_STATESTORES=false,...
            Phases:
            %s"""
                    .formatted(
                            Arrays.stream(Phase.values()).map(Phase::flag).collect(Collectors.joining(",")),
                            Arrays.stream(Phase.values())
                                    .map(phase -> String.format("  %-9s %s", phase.flag(), phase.description()))
                                    .collect(Collectors.joining("\n")));

    private final PrintStream out;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    /** Exit 0 when every phase asked for was measured; a failed phase fails the run (exit 1). */
    public int run(Map<String, String> options) throws Exception {
        BenchOptions bench = BenchOptions.parse(options);
        // Found (or refused) before the broker starts.
        Path jar = bench.appJar() != null ? AppJar.locate(bench.appJar()) : AppJar.locate();
        Path dir = bench.dir() != null
                ? Files.createDirectories(bench.dir())
                : Files.createTempDirectory("orders-eos-bench-");
        BenchRun run = new BenchRun(bench, jar, dir, out);
        BenchResults results;
        try {
            results = run.run();
        } finally {
            run.close(bench.keep());
        }
        results.print(out);
        Path json = dir.resolve("bench.json");
        results.write(json);
        out.println();
        out.println("results in " + json + (bench.jfr() ? ", flight recordings in " + dir : ""));
        return 0;
    }
}
