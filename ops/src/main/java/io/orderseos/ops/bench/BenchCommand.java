package io.orderseos.ops.bench;

import io.orderseos.ops.HelpFooter;
import io.orderseos.ops.Usage;
import io.orderseos.ops.cluster.AppJarOption;
import io.orderseos.ops.cluster.KafkaCluster;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orders-eos-ops bench}: throughput, latency, failover, restore and footprint against real processes. */
@Command(
        name = "bench",
        header = "measure throughput, latency, failover, restore and footprint against real processes",
        description = "Starts a real Kafka broker process, writes the seeded input once, and measures against it,"
                + " with real processes (orders-eos runs as java -jar topology/target/orders-eos.jar): a raw"
                + " transactional copy (the ceiling), orders-eos with at_least_once and with exactly_once_v2 (its"
                + " defaults), each reading the same input from the beginning; then end-to-end latency at a fixed"
                + " rate, failover after kill -9 of one of three instances, a restart after kill -9 on the"
                + " instance's own state, restore of a wiped instance, the dedup store's bytes per event, heap and"
                + " RSS. Prints a table and the goals, and writes bench.json to the run's directory.",
        footerHeading = "Phases:%n",
        exitCodeList = {"0:every phase asked for was measured", "1:a phase failed", "2:bad usage"})
public final class BenchCommand implements Callable<Integer> {
    /** What the app reads from its environment: Kafka settings and its own. */
    private static final Pattern APP_VARIABLE = Pattern.compile("(KAFKA|ORDERS)_[A-Z0-9_]+");

    private final PrintStream out;
    private CommandSpec spec;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "input records, every kind included (default ${DEFAULT-VALUE})")
    private long events = 2_000_000;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "partitions of every topic (default ${DEFAULT-VALUE})")
    private int partitions = 6;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "seed of the input; the same seed gives the same input (default ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(
            names = "--only",
            paramLabel = "PHASE",
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            description = "phases to run, comma-separated, of those below (default all)")
    private Set<Phase> only;

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "records/s for latency (default: half the exactly_once_v2 maximum measured in this run)")
    private int rate;

    @Option(
            names = "--failover-rate",
            paramLabel = "N",
            description = "records/s for failover (default: a quarter of that maximum, what three instances with"
                    + " standbys carry beside the broker); the kill waits until the group is less than a second"
                    + " behind")
    private int failoverRate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "N",
            description = "how long the latency phase measures (default ${DEFAULT-VALUE})")
    private int latencySeconds = 60;

    @Option(
            names = "--warm-up-seconds",
            paramLabel = "N",
            description = "how long it sends before, at the same rate, to warm the fresh instance up; reported per"
                    + " 5 s, not counted (default ${DEFAULT-VALUE})")
    private int warmUpSeconds = 30;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "the run's directory (default: a new temporary directory)")
    private Path dir;

    @Option(
            names = "--keep",
            description = "keep broker data and state stores (logs, bench.json and the flight recording are always"
                    + " kept)")
    private boolean keep;

    @Option(
            names = "--jfr",
            description = "record the exactly_once_v2 instance with Java Flight Recorder (settings=profile):"
                    + " DIR/eos.jfr, DIR/restore.jfr for its restore, DIR/latency.jfr for the latency phase's"
                    + " instance")
    private boolean jfr;

    @Mixin
    private AppJarOption appJar = new AppJarOption();

    @Option(
            names = "--app-env",
            paramLabel = "LIST",
            description = "settings for every orders-eos instance, as the app's environment variables:"
                    + " KAFKA_SESSION_TIMEOUT_MS=6000,ORDERS_...=... (a phase's own setting, such as alos's"
                    + " guarantee, wins)")
    private String appEnv = "";

    @Option(
            names = "--broker-config",
            paramLabel = "LIST",
            description = "settings of the run's broker, NAME=VALUE,... in Kafka's names:"
                    + " transaction.abort.timed.out.transaction.cleanup.interval.ms=500")
    private String brokerConfig = "";

    @Option(
            names = "--compare-app-env",
            paramLabel = "LIST",
            description = "measure exactly_once_v2 (and latency) a second time with these settings, side by side"
                    + " with the defaults in the same run: KAFKA_ENABLE_TRANSACTIONAL_STATESTORES=false,...")
    private String compareAppEnv = "";

    @Option(
            names = "--compare-app-jar",
            paramLabel = "PATH",
            description = "measure exactly_once_v2 (and latency) a second time with this app jar, such as the"
                    + " build before a change, side by side in the same run (with --compare-app-env, if given)")
    private String compareAppJar;

    public BenchCommand(PrintStream out) {
        this.out = out;
    }

    /** Picocli's model of this command; its help lists the phases below the options. */
    @Spec
    private void spec(CommandSpec spec) {
        this.spec = spec;
        Map<String, String> phases = new LinkedHashMap<>();
        Arrays.stream(Phase.values()).forEach(phase -> phases.put(phase.flag(), phase.description()));
        HelpFooter.list(spec, phases);
    }

    /** Exit 0 when every phase asked for was measured; a failed phase fails the run (exit 1). */
    @Override
    public Integer call() throws Exception {
        BenchOptions bench = Usage.checked(spec, this::options);
        // Found (or refused) before the broker starts.
        Path jar = appJar.locate();
        Path runDir = bench.dir() != null
                ? Files.createDirectories(bench.dir())
                : Files.createTempDirectory("orders-eos-bench-");
        BenchRun run = new BenchRun(bench, jar, runDir, out);
        BenchResults results;
        try {
            results = run.run();
        } finally {
            run.close(bench.keep());
        }
        results.print(out);
        Path json = runDir.resolve("bench.json");
        results.write(json);
        out.println();
        out.println("results in " + json + (bench.jfr() ? ", flight recordings in " + runDir : ""));
        return 0;
    }

    /** The options as picocli set them, checked. */
    BenchOptions options() {
        return new BenchOptions(
                events,
                partitions,
                seed,
                only != null ? only : EnumSet.allOf(Phase.class),
                rate,
                failoverRate,
                latencySeconds,
                warmUpSeconds,
                dir,
                keep,
                jfr,
                settings(
                        appEnv,
                        name -> APP_VARIABLE.matcher(name).matches(),
                        "--app-env takes NAME=VALUE,... with names the app reads (KAFKA_*, ORDERS_*)"),
                settings(
                        brokerConfig,
                        name -> AbstractKafkaConfig.CONFIG_DEF.names().contains(name)
                                && !KafkaCluster.HARNESS_SETTINGS.contains(name),
                        "--broker-config takes NAME=VALUE,... with names of Kafka broker settings other than the"
                                + " listeners, node and log directories the harness sets"),
                settings(
                        compareAppEnv,
                        name -> APP_VARIABLE.matcher(name).matches(),
                        "--compare-app-env takes NAME=VALUE,... with names the app reads (KAFKA_*, ORDERS_*)"),
                compareAppJar == null ? null : Path.of(compareAppJar).toAbsolutePath());
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
            if (equals <= 0 || !valid.test(name)) {
                throw new IllegalArgumentException(refusal + ", not '" + item + "'");
            }
            settings.put(name, item.substring(equals + 1));
        }
        return settings;
    }
}
