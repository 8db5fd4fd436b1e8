package io.orderseos.ops.topics;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.AppConfig;
import io.orderseos.ops.BrokerTimeout;
import io.orderseos.ops.Usage;
import io.orderseos.topology.StoredFormats;
import io.orderseos.topology.TopicSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orders-eos-ops topics}: creates the topics orders-eos needs as {@link TopicSpec} defines
 * them and checks every existing one against it; {@code --check} only checks. Existing topics are
 * never changed. Exit 0 when the cluster matches, 1 on any difference, 2 on bad usage (a replication
 * factor the cluster cannot have included).
 */
@Command(
        name = "topics",
        header = "create the app's topics as specified, or check a cluster against the spec",
        description = {
            "Creates the topics orders-eos needs (input, order-status, customer-stats, dead letters, and"
                    + " dlq-replay's ledger) with their partitions, replication factor and configs, and checks every"
                    + " topic that already exists against the same spec: one line per difference. Existing topics"
                    + " are never changed.",
            "Internal topics (changelogs, repartition) are created by Kafka Streams at the app's first start;"
                    + " their replicas, min.insync.replicas and the settings a store asks of its changelog are"
                    + " checked."
        },
        exitCodeList = {"0:the cluster matches the spec", "1:a difference", "2:bad usage"})
public final class TopicsCommand implements Callable<Integer> {
    private static final List<String> INTERNAL_SUFFIXES = List.of("-changelog", "-repartition");

    private final PrintStream out;

    @Spec
    private CommandSpec spec;

    @Option(names = "--check", description = "only check; create nothing (a missing topic is a difference)")
    private boolean check;

    @Mixin
    private AppConfig appConfig = new AppConfig();

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "partitions of every topic but the ledger (default: orders.topics.partitions, 6)")
    private Integer partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            description = "replicas of every topic (default: orders.topics.replication.factor, 3);"
                    + " min.insync.replicas is 2 from 3 replicas up, else 1")
    private Long replicationFactor;

    @Option(
            names = "--input-retention",
            paramLabel = "DURATION",
            description = "retention of the input; longer than orders.dedup.window"
                    + " (default: orders.topics.input.retention, P14D)")
    private Duration inputRetention;

    @Option(
            names = "--dlq-retention",
            paramLabel = "DURATION",
            description = "retention of the dead letters (default: orders.topics.dlq.retention, P30D)")
    private Duration dlqRetention;

    @Mixin
    private BrokerTimeout timeout = new BrokerTimeout();

    public TopicsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        OrdersConfig app = config(System.getenv());
        List<TopicSpec> specs = TopicSpec.all(app);
        Map<String, Object> client = appConfig.client(app);
        try (ClusterTopics cluster = new ClusterTopics(client, timeout.get())) {
            int brokers = cluster.brokerCount();
            short replicas = app.topicsReplicationFactor();
            out.printf(
                    "%s the topics of orders-eos at %s (%d broker%s): %d partitions, replication factor %d%n",
                    check ? "Checking" : "Provisioning",
                    cluster.brokers(),
                    brokers,
                    brokers == 1 ? "" : "s",
                    app.topicsPartitions(),
                    replicas);
            if (replicas > brokers) {
                String why = "replication factor " + replicas + " needs at least " + replicas
                        + " brokers; the cluster at " + cluster.brokers() + " has " + brokers;
                if (!check) {
                    throw new IllegalArgumentException(why + ": nothing was created. For a cluster this small pass"
                            + " --replication-factor " + brokers + " (or set ORDERS_TOPICS_REPLICATION_FACTOR)");
                }
                out.println("  note: " + why + ", so no topic can match");
            }
            List<String> names = specs.stream().map(TopicSpec::name).toList();
            Map<String, TopicState> found = cluster.describe(names);
            List<TopicSpec> missing = specs.stream()
                    .filter(spec -> !found.containsKey(spec.name()))
                    .toList();
            if (!check && !missing.isEmpty()) {
                found.putAll(cluster.create(missing));
            }
            List<Difference> differences = new ArrayList<>();
            for (TopicSpec spec : specs) {
                List<Difference> extra = spec.name().equals(app.statusTopic())
                        ? TopicAudit.coPartitioned(app.inputTopic(), app.statusTopic(), found).stream()
                                .toList()
                        : List.of();
                differences.addAll(report(spec, found.get(spec.name()), !check && missing.contains(spec), extra));
            }
            int topicDifferences = differences.size();
            differences.addAll(internalTopics(cluster, app));
            return summary(differences, topicDifferences, missing.size(), specs.size(), check, cluster.brokers());
        }
    }

    /** The configuration from the app's file and {@code env}, with the options that override its {@code orders.topics.*} keys. */
    OrdersConfig config(Map<String, String> env) {
        Map<String, String> overrides = new HashMap<>();
        if (partitions != null) {
            Usage.atLeast(spec, "--partitions", partitions, 1);
            overrides.put(OrdersConfig.TOPICS_PARTITIONS, partitions.toString());
        }
        if (replicationFactor != null) {
            Usage.atLeast(spec, "--replication-factor", replicationFactor, 1);
            Usage.require(
                    spec,
                    replicationFactor <= Short.MAX_VALUE,
                    "--replication-factor is too large, was '" + replicationFactor + "'");
            overrides.put(OrdersConfig.TOPICS_REPLICATION_FACTOR, replicationFactor.toString());
        }
        if (inputRetention != null) {
            overrides.put(OrdersConfig.TOPICS_INPUT_RETENTION, inputRetention.toString());
        }
        if (dlqRetention != null) {
            overrides.put(OrdersConfig.TOPICS_DLQ_RETENTION, dlqRetention.toString());
        }
        return appConfig.load(env).with(overrides);
    }

    /**
     * Prints the topic's line and a line per difference ({@code extra}: those that involve another
     * topic); returns its differences.
     */
    private List<Difference> report(TopicSpec spec, TopicState state, boolean created, List<Difference> extra) {
        if (state == null) {
            out.printf("  %-28s %-8s %s%n", spec.name(), "MISSING", settings(spec));
            return List.of(new Difference(spec.name(), "exists", "missing", "present"));
        }
        List<Difference> differences = new ArrayList<>(TopicAudit.compare(spec, state));
        differences.addAll(extra);
        String status = created ? "created" : differences.isEmpty() ? "ok" : "DIFFERS";
        out.printf("  %-28s %-8s %s%n", spec.name(), status, settings(spec));
        differences.forEach(difference -> out.println("      " + difference));
        return differences;
    }

    /**
     * Internal topics exist once the app has started: Kafka Streams creates them with the app's
     * {@code replication.factor} (default: the broker's) and {@code topic.*} settings.
     */
    private List<Difference> internalTopics(ClusterTopics cluster, OrdersConfig app) throws InterruptedException {
        List<String> internal = cluster.list(app.applicationId() + "-", INTERNAL_SUFFIXES);
        out.println("Internal topics of " + app.applicationId()
                + " (created by Kafka Streams at the app's first start; replicas, min.insync.replicas,"
                + " unclean.leader.election.enable and the stores' own changelog settings checked):");
        if (internal.isEmpty()) {
            out.println("  none yet");
            return List.of();
        }
        Map<String, TopicState> found = cluster.describe(internal);
        List<Difference> differences = new ArrayList<>();
        for (String name : internal) {
            TopicState state = found.get(name);
            if (state == null) {
                continue; // deleted meanwhile (an application reset)
            }
            List<Difference> own =
                    TopicAudit.compareInternal(state, app.topicsReplicationFactor(), ownConfigs(app, name));
            out.printf("  %-44s %s%n", name, own.isEmpty() ? "ok" : "DIFFERS");
            own.forEach(difference -> out.println("      " + difference));
            differences.addAll(own);
        }
        return differences;
    }

    /** The settings a store asks of its changelog {@code topic}, as Kafka Streams would have created it. */
    private static Map<String, String> ownConfigs(OrdersConfig app, String topic) {
        return StoredFormats.changelogConfigs().entrySet().stream()
                .filter(store -> topic.equals(StoredFormats.changelogTopic(app.applicationId(), store.getKey())))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(Map.of());
    }

    private int summary(
            List<Difference> differences,
            int topicDifferences,
            int missing,
            int topics,
            boolean check,
            String brokers) {
        if (differences.isEmpty()) {
            out.printf(
                    "OK: %d topics as the spec says%s%n",
                    topics, check ? "" : " (" + missing + " created, " + (topics - missing) + " already there)");
            return 0;
        }
        out.printf("FAILED: %d difference%s%n", differences.size(), differences.size() == 1 ? "" : "s");
        out.println("  Existing topics are never changed here. A config can be changed in place:");
        out.println(
                "    java -cp orders-eos-ops.jar org.apache.kafka.tools.ConfigCommand --bootstrap-server " + brokers);
        out.println("        --entity-type topics --entity-name TOPIC --alter --add-config NAME=VALUE");
        out.println("  More input partitions would move orderIds to other partitions (the app's state is kept per");
        out.println("  partition), fewer are impossible; replicas move with kafka-reassign-partitions.");
        if (differences.size() > topicDifferences) {
            out.println("  Internal topics take the app's replication.factor and topic.* settings when Kafka Streams");
            out.println(
                    "  creates them: set KAFKA_REPLICATION_FACTOR and KAFKA_TOPIC_MIN_INSYNC_REPLICAS for the app.");
        }
        return 1;
    }

    private static String settings(TopicSpec spec) {
        return spec.partitions() + " partition" + (spec.partitions() == 1 ? "" : "s") + " x "
                + spec.replicationFactor() + ", "
                + spec.configs().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() + days(e.getKey(), e.getValue()))
                        .collect(Collectors.joining(" "));
    }

    private static String days(String name, String value) {
        if (!name.equals(TopicConfig.RETENTION_MS_CONFIG)) {
            return "";
        }
        Duration retention = Duration.ofMillis(Long.parseLong(value));
        return retention.toMillis() % Duration.ofDays(1).toMillis() == 0
                ? " (" + retention.toDays() + " days)"
                : " (" + retention + ")";
    }
}
