package io.orderseos.ops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code bench} runs: the input (every phase sees the same seeded stream) and which phases.
 *
 * @param events records of the generated input, every kind included
 * @param partitions partitions of every input and output topic
 * @param seed the seed the input derives from
 * @param phases what to measure (with what they need: {@link Phase#withTheirNeeds})
 * @param rate records per second for latency; 0 for half of the exactly-once maximum measured in
 *     this run
 * @param failoverRate records per second for failover; 0 for a quarter of that maximum
 * @param latencySeconds how long the latency phase measures at {@code rate}
 * @param warmUpSeconds how long the latency phase sends at {@code rate} before it measures
 * @param dir the run's directory (null: a new temporary one)
 * @param keep keep broker data and state stores (logs and results are always kept)
 * @param jfr record the exactly-once phase with Java Flight Recorder
 * @param appEnv settings for every orders-eos instance of the run, as environment variables (a
 *     phase's own, such as the at-least-once guarantee, win)
 * @param brokerConfig settings of the run's broker, added to the harness's own
 * @param compareEnv settings the exactly-once phase (and latency, if it runs) is measured with a
 *     second time, side by side with the defaults; empty: no comparison
 * @param compareJar the app jar the exactly-once phase (and latency) is measured with a second time
 *     (with {@code compareEnv}, if any), such as the build before a change; null: the run's own
 */
record BenchOptions(
        long events,
        int partitions,
        long seed,
        Set<Phase> phases,
        int rate,
        int failoverRate,
        int latencySeconds,
        int warmUpSeconds,
        Path dir,
        boolean keep,
        boolean jfr,
        Map<String, String> appEnv,
        Map<String, String> brokerConfig,
        Map<String, String> compareEnv,
        Path compareJar) {

    BenchOptions {
        phases = Phase.withTheirNeeds(phases);
        appEnv = Collections.unmodifiableMap(new TreeMap<>(appEnv)); // sorted, as printed
        brokerConfig = Collections.unmodifiableMap(new TreeMap<>(brokerConfig));
        compareEnv = Collections.unmodifiableMap(new TreeMap<>(compareEnv));
        require(
                compareJar == null || Files.isRegularFile(compareJar),
                "--compare-app-jar: " + compareJar + " is not a file");
        require(
                compareJar == null && compareEnv.isEmpty()
                        || phases.contains(Phase.EOS)
                        || phases.contains(Phase.LATENCY),
                "--compare-app-env and --compare-app-jar compare the eos and latency phases: add one to --only");
        require(events >= 1_000, "--events must be at least 1000, was " + events);
        require(partitions >= 1, "--partitions must be at least 1, was " + partitions);
        require(!phases.isEmpty(), "--only names no phase");
        require(rate >= 0, "--rate must be 0 (half the measured maximum) or more, was " + rate);
        require(
                failoverRate >= 0,
                "--failover-rate must be 0 (a quarter of the measured maximum) or more, was " + failoverRate);
        require(latencySeconds >= 5, "--latency-seconds must be at least 5, was " + latencySeconds);
        require(warmUpSeconds >= 0, "--warm-up-seconds must be 0 or more, was " + warmUpSeconds);
        require(
                rate > 0 || phases.contains(Phase.EOS) || !phases.contains(Phase.LATENCY),
                "latency runs at half of the exactly-once maximum: add eos to --only, or give --rate");
        require(
                failoverRate > 0 || phases.contains(Phase.EOS) || !phases.contains(Phase.FAILOVER),
                "failover runs at a quarter of the exactly-once maximum: add eos to --only, or give --failover-rate");
    }

    /** Whether the exactly-once phase (and latency) runs a second time, with other settings or jar. */
    boolean compares() {
        return !compareEnv.isEmpty() || compareJar != null;
    }

    /** What the second run differs by, as printed: its settings, its jar, or both. */
    String comparedWith() {
        String jar = compareJar == null ? "" : "the app jar " + compareJar;
        if (compareEnv.isEmpty()) {
            return jar;
        }
        return compareEnv + (jar.isEmpty() ? "" : " and " + jar);
    }

    boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }
}
