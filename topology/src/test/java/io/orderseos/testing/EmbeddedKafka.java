package io.orderseos.testing;

import io.orderseos.app.TopicOffsets;
import io.orderseos.app.TopicRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/**
 * A real single-node KRaft cluster (combined broker and controller) in the test JVM, on loopback,
 * set up for transactions with one replica, plus the clients an integration test needs.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /**
     * A cluster with more broker settings on top of the defaults: more listeners, an authorizer. The
     * test kit's own plaintext listener, {@code EXTERNAL}, stays and serves this harness's clients.
     */
    public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The port the broker listens on for {@code listener}, a name from its {@code listeners} setting. */
    public int boundPort(String listener) {
        return cluster.brokers().values().iterator().next().boundPort(ListenerName.normalised(listener));
    }

    /** An admin client on the harness's listener; the caller closes it. */
    public Admin admin() {
        return cluster.admin();
    }

    /** Creates the four topics of the contract, outputs compacted. */
    public void createTopics(String input, String status, String customerStats, String dlq, int partitions)
            throws Exception {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                            new NewTopic(input, partitions, (short) 1),
                            new NewTopic(status, partitions, (short) 1).configs(compacted),
                            new NewTopic(customerStats, partitions, (short) 1).configs(compacted),
                            new NewTopic(dlq, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** How many partitions {@code topic} has. */
    public int partitions(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    /** An idempotent producer of raw bytes. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Everything committed to {@code topic}, read with {@code read_committed} from the beginning up
     * to each partition's last stable offset.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        awaitNoOpenTransaction(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return TopicRecords.readToEnd(consumer, topic, Duration.ofSeconds(30));
        }
    }

    /**
     * Waits until no transaction is open on {@code topic} (last stable offset = high watermark): a
     * group's offsets can be visible before the commit marker reaches every partition the same
     * transaction wrote, so a read_committed read right after could miss its last records.
     */
    public void awaitNoOpenTransaction(String topic) {
        try (Admin admin = cluster.admin()) {
            Awaitility.await("no open transaction on " + topic)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> TopicOffsets.withOpenTransactions(admin, List.of(topic))
                            .isEmpty());
        }
    }

    /** Waits until consumer group {@code groupId} has committed every offset of {@code topic}. */
    public void awaitConsumed(String groupId, String topic, Duration timeout) {
        try (Admin admin = cluster.admin()) {
            Awaitility.await(groupId + " consuming all of " + topic)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets(groupId)
                                        .partitionsToOffsetAndMetadata()
                                        .get();
                        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                                    .map(p -> new TopicPartition(topic, p.partition()))
                                    .toList();
                            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                            return partitions.stream().allMatch(tp -> committedOffset(committed, tp) >= end.get(tp));
                        }
                    });
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded cluster", e);
        }
    }

    /** The committed offset of {@code tp}, 0 if none: a partition that never had a record has none. */
    private static long committedOffset(
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed, TopicPartition tp) {
        org.apache.kafka.clients.consumer.OffsetAndMetadata offset = committed.get(tp);
        return offset == null ? 0 : offset.offset();
    }
}
