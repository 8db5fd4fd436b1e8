package io.orderseos.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.Commands;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsOptionsTest {

    @Test
    void optionsOverrideTheConfigurationsTopicSettings() {
        OrdersConfig config = Commands.parse(
                        TopicsCommand.class,
                        "topics",
                        "--partitions",
                        "12",
                        "--replication-factor",
                        "1",
                        "--input-retention",
                        "P21D",
                        "--dlq-retention",
                        "P60D")
                .config(Map.of());

        assertThat(config.topicsPartitions()).isEqualTo(12);
        assertThat(config.topicsReplicationFactor()).isEqualTo((short) 1);
        assertThat(config.topicsInputRetention()).isEqualTo(Duration.ofDays(21));
        assertThat(config.topicsDlqRetention()).isEqualTo(Duration.ofDays(60));
    }

    @Test
    void theEnvironmentSetsThemForAJobWithoutOptions() {
        OrdersConfig config = Commands.parse(TopicsCommand.class, "topics")
                .config(Map.of(
                        "ORDERS_TOPICS_PARTITIONS", "24",
                        "ORDERS_TOPICS_REPLICATION_FACTOR", "5",
                        "ORDERS_INPUT_TOPIC", "shop-orders"));

        assertThat(config.topicsPartitions()).isEqualTo(24);
        assertThat(config.topicsReplicationFactor()).isEqualTo((short) 5);
        assertThat(config.inputTopic()).isEqualTo("shop-orders");
    }

    @Test
    void anOptionWinsOverTheEnvironment() {
        OrdersConfig config = Commands.parse(TopicsCommand.class, "topics", "--partitions", "3")
                .config(Map.of("ORDERS_TOPICS_PARTITIONS", "24"));

        assertThat(config.topicsPartitions()).isEqualTo(3);
    }

    @Test
    void badValuesNameTheirOption() {
        assertThat(run("topics", "--partitions", "six"))
                .startsWith("2 ")
                .contains("option '--partitions'")
                .contains("'six' is not a whole number");
        assertThat(run("topics", "--replication-factor", "0"))
                .startsWith("2 ")
                .contains("--replication-factor must be at least 1");
        assertThat(run("topics", "--replication-factor", "40000"))
                .startsWith("2 ")
                .contains("--replication-factor is too large");
        assertThat(run("topics", "--dlq-retention", "30 days"))
                .startsWith("2 ")
                .contains("option '--dlq-retention'")
                .contains("is not an ISO-8601 duration");
    }

    @Test
    void usageErrorsExitTwoBeforeAnyBrokerIsAsked() {
        assertThat(run("topics", "--partitions", "0")).startsWith("2 ").contains("--partitions must be at least 1");
        assertThat(run("topics", "--frobnicate")).startsWith("2 ").contains("Unknown option: '--frobnicate'");
        assertThat(run("topics", "--check", "now"))
                .startsWith("2 ")
                .contains("Unmatched argument")
                .contains("'now'");
        assertThat(run("topics", "--input-retention", "P3D"))
                .startsWith("2 ")
                .contains("orders.topics.input.retention")
                .contains("orders.dedup.window");
    }

    @Test
    void helpDescribesEveryOption() {
        String help = run("topics", "--help");

        assertThat(help).startsWith("0 ");
        for (String option : Set.of(
                "--check",
                "--config",
                "--bootstrap-servers",
                "--bootstrap-server",
                "--partitions",
                "--replication-factor",
                "--input-retention",
                "--dlq-retention",
                "--timeout")) {
            assertThat(help).contains(option);
        }
    }

    private static String run(String... args) {
        Commands.Result result = Commands.run(args);
        return result.code() + " " + result.all();
    }
}
