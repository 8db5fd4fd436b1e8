package io.orderseos.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.OrdersConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void theFourTopicsOfTheContractWithTheirSettings() {
        List<TopicSpec> specs = TopicSpec.appTopics(OrdersConfig.defaults());

        assertThat(specs)
                .extracting(TopicSpec::name)
                .containsExactly("orders", "order-status", "customer-stats", "orders-dlq");
        assertThat(specs).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(6);
            assertThat(spec.replicationFactor()).isEqualTo((short) 3);
            assertThat(spec.configs())
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("unclean.leader.election.enable", "false");
        });
        assertThat(specs.get(0).configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(14L * 24 * 3600 * 1000));
        assertThat(specs.get(1).configs())
                .containsEntry("cleanup.policy", "compact")
                .doesNotContainKey("retention.ms");
        assertThat(specs.get(2).configs())
                .containsEntry("cleanup.policy", "compact")
                .doesNotContainKey("retention.ms");
        assertThat(specs.get(3).configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", Long.toString(30L * 24 * 3600 * 1000));
    }

    @Test
    void settingsFollowTheConfiguration() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.INPUT_TOPIC, "in",
                OrdersConfig.DLQ_TOPIC, "dead",
                OrdersConfig.TOPICS_PARTITIONS, "12",
                OrdersConfig.TOPICS_REPLICATION_FACTOR, "2",
                OrdersConfig.TOPICS_INPUT_RETENTION, "PT200H",
                OrdersConfig.TOPICS_DLQ_RETENTION, "P90D"));

        List<TopicSpec> specs = TopicSpec.all(config);

        assertThat(specs).extracting(TopicSpec::name).contains("in", "dead", "dead-replayed");
        assertThat(specs.get(0).partitions()).isEqualTo(12);
        assertThat(specs.get(0).replicationFactor()).isEqualTo((short) 2);
        assertThat(specs.get(0).configs())
                .containsEntry("retention.ms", Long.toString(200L * 3600 * 1000))
                .containsEntry("min.insync.replicas", "1");
        assertThat(specs.get(3).configs())
                .containsEntry("retention.ms", Long.toString(90L * 24 * 3600 * 1000))
                .as("retention counts from when a letter was written")
                .containsEntry("message.timestamp.type", "LogAppendTime");
    }

    @Test
    void minInSyncReplicasIsTwoFromThreeReplicasUp() {
        assertThat(TopicSpec.minInSyncReplicas((short) 1)).isEqualTo(1);
        assertThat(TopicSpec.minInSyncReplicas((short) 2)).isEqualTo(1);
        assertThat(TopicSpec.minInSyncReplicas((short) 3)).isEqualTo(2);
        assertThat(TopicSpec.minInSyncReplicas((short) 5)).isEqualTo(2);
    }

    @Test
    void inputRetentionNotLongerThanTheDedupWindowIsRefusedNamingBothKeys() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.DEDUP_WINDOW, "P14D",
                OrdersConfig.TOPICS_INPUT_RETENTION, "P14D"));

        assertThatThrownBy(() -> TopicSpec.appTopics(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.TOPICS_INPUT_RETENTION)
                .hasMessageContaining(OrdersConfig.DEDUP_WINDOW);
    }

    @Test
    void theReplayLedgerIsOneCompactedPartitionNamedAfterTheDeadLetterTopic() {
        TopicSpec ledger = TopicSpec.replayLedger(OrdersConfig.defaults());

        assertThat(ledger.name()).isEqualTo("orders-dlq-replayed");
        assertThat(ledger.partitions()).isEqualTo(1);
        assertThat(ledger.replicationFactor()).isEqualTo((short) 3);
        assertThat(ledger.configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void newTopicCarriesEverySetting() {
        TopicSpec spec = TopicSpec.appTopics(OrdersConfig.defaults()).get(1);

        var newTopic = spec.newTopic();

        assertThat(newTopic.name()).isEqualTo("order-status");
        assertThat(newTopic.numPartitions()).isEqualTo(6);
        assertThat(newTopic.replicationFactor()).isEqualTo((short) 3);
        assertThat(newTopic.configs()).isEqualTo(spec.configs());
    }
}
