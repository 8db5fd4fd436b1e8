package io.orderseos.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.Commands;
import io.orderseos.topology.TopicSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topics} against a real three-node KRaft cluster: it creates every topic as the spec says
 * (read back through the Admin API, not through the command), a second run changes nothing, and
 * {@code --check} reports every difference planted by hand, one per line, with exit 1.
 */
class TopicsCommandIT {
    @TempDir
    static Path dir;

    private static ThreeBrokers brokers;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        brokers = ThreeBrokers.start();
        admin = brokers.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void createsEveryTopicAsSpecifiedAndASecondRunChangesNothing() throws Exception {
        Commands.Result first = Commands.run("topics", "--bootstrap-servers", brokers.bootstrapServers());

        assertThat(first.code()).as(first.all()).isZero();
        assertThat(first.out())
                .contains("Provisioning the topics of orders-eos at " + brokers.bootstrapServers() + " (3 brokers)")
                .containsPattern("orders +created")
                .containsPattern("orders-dlq-replayed +created")
                .contains("OK: 5 topics as the spec says (5 created, 0 already there)");
        awaitVisible("orders", "order-status", "customer-stats", "orders-dlq", "orders-dlq-replayed");
        for (String topic : List.of("orders", "order-status", "customer-stats", "orders-dlq")) {
            assertThat(partitions(topic)).as(topic).isEqualTo(6);
            assertThat(replicas(topic)).as(topic).containsOnly(3);
            assertThat(configs(topic))
                    .as(topic)
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("unclean.leader.election.enable", "false");
        }
        assertThat(configs("orders"))
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "1209600000");
        assertThat(configs("order-status")).containsEntry("cleanup.policy", "compact");
        assertThat(configs("customer-stats")).containsEntry("cleanup.policy", "compact");
        assertThat(configs("orders-dlq"))
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "2592000000");
        assertThat(partitions("orders-dlq-replayed")).isEqualTo(1);
        assertThat(replicas("orders-dlq-replayed")).containsOnly(3);
        assertThat(configs("orders-dlq-replayed")).containsEntry("cleanup.policy", "compact");

        Commands.Result second = Commands.run("topics", "--bootstrap-servers", brokers.bootstrapServers());
        Commands.Result check = Commands.run("topics", "--check", "--bootstrap-servers", brokers.bootstrapServers());

        assertThat(second.code()).as(second.all()).isZero();
        assertThat(second.out())
                .doesNotContainPattern(" created +\\d+ partition")
                .contains("(0 created, 5 already there)");
        assertThat(check.code()).as(check.all()).isZero();
        assertThat(check.out()).startsWith("Checking").contains("OK: 5 topics as the spec says");
    }

    @Test
    void checkReportsEveryPlantedDifferenceAndCreatesNothing() throws Exception {
        Path config = config("planted");
        OrdersConfig app = OrdersConfig.of(properties("planted"));
        TopicSpec stats = TopicSpec.appTopics(app).get(2);
        admin.createTopics(List.of(
                        new NewTopic("planted-orders", 6, (short) 3), // the broker's retention: 7 days
                        new NewTopic("planted-status", 4, (short) 2), // not compacted, too few partitions
                        stats.newTopic(),
                        new NewTopic("planted-app-dedup-store-changelog", 6, (short) 1)))
                .all()
                .get();
        awaitVisible("planted-orders", "planted-status", "planted-stats", "planted-app-dedup-store-changelog");

        Commands.Result check = Commands.run("topics", "--check", "--config", config.toString());

        assertThat(check.code()).as(check.all()).isEqualTo(1);
        assertThat(check.out())
                .containsPattern("planted-orders +DIFFERS")
                .containsPattern("retention.ms +604800000, spec 1209600000")
                .containsPattern("min.insync.replicas +1, spec 2")
                .containsPattern("planted-status +DIFFERS")
                .containsPattern("partitions +4, spec 6")
                .containsPattern("replication factor +2, spec 3")
                .containsPattern("cleanup.policy +delete, spec compact")
                .containsPattern("partitions as planted-orders +4, spec 6 \\(as planted-orders")
                .containsPattern("planted-stats +ok")
                .containsPattern("planted-dlq +MISSING")
                .containsPattern("planted-dlq-replayed +MISSING")
                .containsPattern("planted-app-dedup-store-changelog +DIFFERS")
                .containsPattern("replication factor +1, spec 3")
                .contains("FAILED: ");
        assertThat(differenceLines(check.out()))
                .as("one line per difference")
                .isEqualTo(Integer.parseInt(check.out().replaceAll("(?s).*FAILED: (\\d+) difference.*", "$1")));
        assertThat(topics()).doesNotContain("planted-dlq", "planted-dlq-replayed");

        Commands.Result create = Commands.run("topics", "--config", config.toString());

        assertThat(create.code())
                .as("the planted differences remain: " + create.all())
                .isEqualTo(1);
        assertThat(create.out()).containsPattern("planted-dlq +created").containsPattern("planted-status +DIFFERS");
        awaitVisible("planted-dlq", "planted-dlq-replayed");
        assertThat(partitions("planted-status"))
                .as("existing topics are never changed")
                .isEqualTo(4);
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedBeforeAnythingIsCreated() throws Exception {
        Commands.Result result =
                Commands.run("topics", "--config", config("rf").toString(), "--replication-factor", "4");

        assertThat(result.code()).as(result.all()).isEqualTo(2);
        assertThat(result.err())
                .contains("replication factor 4 needs at least 4 brokers")
                .contains("has 3")
                .contains("--replication-factor 3");
        assertThat(topics()).noneMatch(topic -> topic.startsWith("rf-"));
    }

    @Test
    void unreachableBrokersAreNamedWithinTheTimeout() throws IOException {
        String nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = "127.0.0.1:" + socket.getLocalPort();
        }
        long started = System.nanoTime();

        Commands.Result result = Commands.run("topics", "--check", "--bootstrap-servers", nobody, "--timeout", "PT3S");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no answer from the brokers at " + nobody + " within 3 s");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(30);
    }

    /** Lines of differences: indented under their topic, "<setting> <actual>, spec <expected>". */
    private static long differenceLines(String out) {
        return out.lines()
                        .filter(line -> line.startsWith("      ") && line.contains(", spec "))
                        .count()
                + out.lines().filter(line -> line.contains(" MISSING ")).count();
    }

    private static Map<String, String> properties(String prefix) {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", brokers.bootstrapServers());
        values.put("application.id", prefix + "-app");
        values.put(OrdersConfig.INPUT_TOPIC, prefix + "-orders");
        values.put(OrdersConfig.STATUS_TOPIC, prefix + "-status");
        values.put(OrdersConfig.CUSTOMER_STATS_TOPIC, prefix + "-stats");
        values.put(OrdersConfig.DLQ_TOPIC, prefix + "-dlq");
        return values;
    }

    /** The app's configuration file for topics named {@code <prefix>-...}. */
    private static Path config(String prefix) throws IOException {
        Path file = dir.resolve(prefix + ".properties");
        Files.writeString(
                file,
                properties(prefix).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")));
        return file;
    }

    private static void awaitVisible(String... topics) {
        brokers.awaitKnownToEveryBroker(topics);
    }

    private static Set<String> topics() throws Exception {
        return admin.listTopics().names().get();
    }

    private static int partitions(String topic) throws Exception {
        return describe(topic).partitions().size();
    }

    private static Set<Integer> replicas(String topic) throws Exception {
        return describe(topic).partitions().stream()
                .map(p -> p.replicas().size())
                .collect(Collectors.toSet());
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static Map<String, String> configs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).entries().stream()
                .filter(entry -> entry.value() != null)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }
}
