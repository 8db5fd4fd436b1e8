package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The app's changelog topics, counted: what a restore of wiped state reads. Records and their
 * key-plus-value bytes are counted by reading each topic with {@code read_committed} (as a restore
 * does: transaction markers and aborted writes are not state); the bytes the broker keeps for them
 * come from its log directories.
 */
final class Changelogs {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** One changelog: records, their key and value bytes, and its size on the broker. */
    record Count(String topic, long records, long payloadBytes, long logBytes) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("topic", topic);
            json.put("records", records);
            json.put("payloadBytes", payloadBytes);
            json.put("logBytes", logBytes);
            return json;
        }
    }

    private Changelogs() {}

    /** The changelog topic of store {@code store} of application {@code applicationId}. */
    static String topic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    static List<Count> count(Map<String, Object> clientConfig, Collection<String> topics) throws Exception {
        Map<String, Long> logBytes = logBytes(clientConfig, topics);
        List<Count> counts = new ArrayList<>();
        for (String topic : topics) {
            counts.add(read(clientConfig, topic, logBytes.getOrDefault(topic, 0L)));
        }
        return counts;
    }

    private static Count read(Map<String, Object> clientConfig, String topic, long logBytes) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long records = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    bytes += Math.max(record.serializedKeySize(), 0) + Math.max(record.serializedValueSize(), 0);
                }
            }
        }
        return new Count(topic, records, bytes, logBytes);
    }

    /** Bytes each topic takes in the brokers' log directories (every replica). */
    private static Map<String, Long> logBytes(Map<String, Object> clientConfig, Collection<String> topics)
            throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        try (Admin admin = Admin.create(clientConfig)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(node -> node.id())
                    .toList();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers)
                    .allDescriptions()
                    .get(30, TimeUnit.SECONDS)
                    .values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica :
                            dir.replicaInfos().entrySet()) {
                        if (topics.contains(replica.getKey().topic())) {
                            bytes.merge(
                                    replica.getKey().topic(), replica.getValue().size(), Long::sum);
                        }
                    }
                }
            }
        }
        return bytes;
    }
}
