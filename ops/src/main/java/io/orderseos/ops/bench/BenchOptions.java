package io.orderseos.ops.bench;

import io.orderseos.ops.cluster.KafkaCluster;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.server.config.AbstractKafkaConfig;

/**
 * What {@code bench} runs: the input (every phase sees the same seeded stream) and which phases.
 *
 * @param events records of the generated input, every kind included
 * @param partitions partitions of every input and output topic
 * @param seed the seed the input derives from
 * @param phases what to measure
 * @param rate records per second for latency; 0 for half of the exactly-once maximum measured in
 *     this run
 * @param failoverRate records per second for failover; 0 for a quarter of that maximum
 * @param latencySeconds how long the latency phase measures at {@code rate}
 * @param warmUpSeconds how long the latency phase sends at {@code rate} before it measures
 * @param dir the run's directory (null: a new temporary one)
 * @param keep keep broker data and state stores (logs and results are always kept)
 * @param appJar the app jar (null: the project's)
 * @param jfr record the exactly-once phase with Java Flight Recorder
 * @param appEnv settings for every orders-eos instance of the run, as environment variables (a
 *     phase's own, such as the at-least-once guarantee, win)
 * @param brokerConfig settings of the run's broker, added to the harness's own
 * @param compareEnv settings the exactly-once phase (and latency, if it runs) is measured with a
 *     second time, side by side with the defaults; empty: no comparison
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
        String appJar,
        boolean jfr,
        Map<String, String> appEnv,
        Map<String, String> brokerConfig,
        Map<String, String> compareEnv) {

    static final Set<String> NAMES = Set.of(
            "events",
            "partitions",
            "seed",
            "only",
            "rate",
            "failover-rate",
            "latency-seconds",
            "warm-up-seconds",
            "dir",
            "keep",
            "app-jar",
            "jfr",
            "app-env",
            "broker-config",
            "compare-app-env");

    /** What the app reads from its environment: Kafka settings and its own. */
    private static final Pattern APP_VARIABLE = Pattern.compile("(KAFKA|ORDERS)_[A-Z0-9_]+");

    BenchOptions {
        phases = Set.copyOf(phases);
        appEnv = Collections.unmodifiableMap(new TreeMap<>(appEnv)); // sorted, as printed
        brokerConfig = Collections.unmodifiableMap(new TreeMap<>(brokerConfig));
        compareEnv = Collections.unmodifiableMap(new TreeMap<>(compareEnv));
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

    static BenchOptions parse(Map<String, String> options) {
        for (String name : options.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (see bench --help)");
            }
        }
        return new BenchOptions(
                Long.parseLong(options.getOrDefault("events", "2000000").replace("_", "")),
                Integer.parseInt(options.getOrDefault("partitions", "6")),
                Long.parseLong(options.getOrDefault("seed", "42")),
                options.containsKey("only") ? Phase.parse(options.get("only")) : EnumSet.allOf(Phase.class),
                Integer.parseInt(options.getOrDefault("rate", "0")),
                Integer.parseInt(options.getOrDefault("failover-rate", "0")),
                Integer.parseInt(options.getOrDefault("latency-seconds", "60")),
                Integer.parseInt(options.getOrDefault("warm-up-seconds", "30")),
                options.containsKey("dir") ? Path.of(options.get("dir")) : null,
                options.containsKey("keep"),
                options.get("app-jar"),
                options.containsKey("jfr"),
                settings(
                        options.getOrDefault("app-env", ""),
                        name -> APP_VARIABLE.matcher(name).matches(),
                        "--app-env takes NAME=VALUE,... with names the app reads (KAFKA_*, ORDERS_*)"),
                settings(
                        options.getOrDefault("broker-config", ""),
                        name -> AbstractKafkaConfig.CONFIG_DEF.names().contains(name)
                                && !KafkaCluster.HARNESS_SETTINGS.contains(name),
                        "--broker-config takes NAME=VALUE,... with names of Kafka broker settings other than the"
                                + " listeners, node and log directories the harness sets"),
                settings(
                        options.getOrDefault("compare-app-env", ""),
                        name -> APP_VARIABLE.matcher(name).matches(),
                        "--compare-app-env takes NAME=VALUE,... with names the app reads (KAFKA_*, ORDERS_*)"));
    }

    /** {@code NAME=VALUE,NAME=VALUE}, each name one that {@code valid} accepts, else {@code refusal}. */
    private static Map<String, String> settings(String list, Predicate<String> valid, String refusal) {
        Map<String, String> settings = new TreeMap<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int equals = item.indexOf('=');
            String name = equals < 0 ? item.strip() : item.substring(0, equals).strip();
            require(equals > 0 && valid.test(name), refusal + ", not '" + item + "'");
            settings.put(name, item.substring(equals + 1));
        }
        return settings;
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
