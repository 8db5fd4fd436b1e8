package io.orderseos.ops.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.topology.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TopicAuditTest {
    private static final TopicSpec STATUS =
            TopicSpec.appTopics(OrdersConfig.defaults()).get(1);

    @Test
    void aTopicAsSpecifiedHasNoDifference() {
        assertThat(TopicAudit.compare(STATUS, asSpecified(STATUS))).isEmpty();
    }

    @Test
    void everyDifferenceIsItsOwnLine() {
        Map<String, String> configs = new HashMap<>(STATUS.configs());
        configs.put("cleanup.policy", "delete");
        configs.put("min.insync.replicas", "1");
        TopicState actual = new TopicState(STATUS.name(), 4, Set.of(1), configs);

        List<Difference> differences = TopicAudit.compare(STATUS, actual);

        assertThat(differences)
                .extracting(Difference::toString)
                .containsExactlyInAnyOrder(
                        line("partitions", "4, spec 6"),
                        line("replication factor", "1, spec 3"),
                        line("cleanup.policy", "delete, spec compact"),
                        line("min.insync.replicas", "1, spec 2"));
    }

    @Test
    void partitionsWithDifferentReplicaCountsAreADifference() {
        TopicState actual = new TopicState(STATUS.name(), 6, Set.of(2, 3), STATUS.configs());

        assertThat(TopicAudit.compare(STATUS, actual))
                .extracting(Difference::toString)
                .containsExactly(line("replication factor", "2 to 3 (per partition), spec 3"));
    }

    @Test
    void aCleanupPolicyIsComparedAsAList() {
        TopicSpec dlq = TopicSpec.appTopics(OrdersConfig.defaults()).get(3);
        Map<String, String> configs = new HashMap<>(dlq.configs());
        configs.put("cleanup.policy", "compact, delete");
        Map<String, String> same = new HashMap<>(STATUS.configs());
        same.put("cleanup.policy", " compact");

        assertThat(TopicAudit.compare(dlq, new TopicState(dlq.name(), 6, Set.of(3), configs)))
                .extracting(Difference::setting)
                .containsExactly("cleanup.policy");
        assertThat(TopicAudit.compare(STATUS, new TopicState(STATUS.name(), 6, Set.of(3), same)))
                .isEmpty();
    }

    @Test
    void aMissingConfigIsADifference() {
        Map<String, String> configs = new HashMap<>(STATUS.configs());
        configs.remove("unclean.leader.election.enable");

        assertThat(TopicAudit.compare(STATUS, new TopicState(STATUS.name(), 6, Set.of(3), configs)))
                .extracting(Difference::toString)
                .containsExactly(line("unclean.leader.election.enable", "(not set), spec false"));
    }

    @Test
    void orderStatusNeedsAsManyPartitionsAsTheInput() {
        Map<String, TopicState> found = Map.of(
                "orders", new TopicState("orders", 6, Set.of(3), Map.of()),
                "order-status", new TopicState("order-status", 4, Set.of(3), Map.of()));

        assertThat(TopicAudit.coPartitioned("orders", "order-status", found))
                .map(Difference::toString)
                .contains(line("partitions as orders", "4, spec 6 (as orders: both are keyed by orderId)"));
        assertThat(TopicAudit.coPartitioned("orders", "order-status", Map.of("orders", found.get("orders"))))
                .isEmpty();
    }

    @Test
    void internalTopicsAreCheckedForReplicasOnly() {
        TopicState changelog = new TopicState(
                "orders-eos-dedup-store-changelog",
                2,
                Set.of(1),
                Map.of(
                        "cleanup.policy",
                        "compact",
                        "min.insync.replicas",
                        "1",
                        "unclean.leader.election.enable",
                        "false"));

        assertThat(TopicAudit.compareInternal(changelog, (short) 3, Map.of()))
                .extracting(Difference::setting)
                .containsExactly("replication factor", "min.insync.replicas");
        assertThat(TopicAudit.compareInternal(changelog, (short) 1, Map.of())).isEmpty();
    }

    @Test
    void aChangelogCreatedBeforeItsStoreAskedForASettingLacksIt() {
        TopicState createdBy010 = new TopicState(
                "orders-eos-dedup-store-changelog",
                2,
                Set.of(1),
                Map.of(
                        "message.timestamp.type",
                        "CreateTime",
                        "min.insync.replicas",
                        "1",
                        "unclean.leader.election.enable",
                        "false"));

        assertThat(TopicAudit.compareInternal(createdBy010, (short) 1, DedupProcessor.CHANGELOG_CONFIG))
                .singleElement()
                .satisfies(difference -> {
                    assertThat(difference.setting()).isEqualTo("message.timestamp.type");
                    assertThat(difference.toString()).contains("CreateTime").contains("LogAppendTime");
                });
    }

    private static TopicState asSpecified(TopicSpec spec) {
        Map<String, String> configs = new HashMap<>(spec.configs());
        configs.put("segment.bytes", "1073741824"); // the cluster reports every config, defaults included
        return new TopicState(
                spec.name(), spec.partitions(), new TreeSet<>(Set.of((int) spec.replicationFactor())), configs);
    }

    private static String line(String setting, String rest) {
        return String.format("%-32s %s", setting, rest);
    }
}
