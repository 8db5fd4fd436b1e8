package io.orderseos.ops.verify;

import io.orderseos.app.TopicOffsets;
import io.orderseos.config.OrdersConfig;
import io.orderseos.topology.OrderTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether orders-eos has consumed everything: no record a committed reader can see lies beyond the
 * group's committed offset on the input or the repartition topic, and no transaction is open there.
 * Raw offsets are not enough: records of aborted transactions and the transaction markers take
 * offsets too, and no commit ever moves past them when nothing visible follows.
 */
public final class Drain {
    private static final long COUNT_AT_MOST = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientConfig;
    private final String group;
    private final List<String> topics;
    private final String internalTopic;
    private final PrintStream out;

    /**
     * For orders-eos: its group must have consumed its input and the repartition topic, which must
     * exist (else the app never ran). {@code out} gets a line every 5 s while waiting.
     */
    public Drain(Map<String, Object> clientConfig, OrdersConfig app, PrintStream out) {
        this(
                clientConfig,
                app.applicationId(),
                List.of(app.inputTopic()),
                app.applicationId() + "-" + OrderTopology.BY_CUSTOMER + "-repartition",
                out);
    }

    /** For any consumer group that commits its offsets, such as a plain transactional copier. */
    public Drain(Map<String, Object> clientConfig, String group, List<String> topics, PrintStream out) {
        this(clientConfig, group, topics, null, out);
    }

    private Drain(
            Map<String, Object> clientConfig,
            String group,
            List<String> topics,
            String internalTopic,
            PrintStream out) {
        this.clientConfig = clientConfig;
        this.group = group;
        this.topics = List.copyOf(topics);
        this.internalTopic = internalTopic;
        this.out = out;
    }

    /** Waits up to {@code timeout}; empty once drained, else what is still missing. */
    public Optional<String> await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextPrint = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try (Admin admin = Admin.create(clientConfig)) {
            while (true) {
                List<String> consumed = new ArrayList<>(topics);
                boolean complete = internalTopic == null;
                if (!complete && admin.listTopics().names().get().contains(internalTopic)) {
                    consumed.add(internalTopic);
                    complete = true;
                }
                long left = remaining(admin, consumed);
                boolean settled =
                        TopicOffsets.withOpenTransactions(admin, consumed).isEmpty();
                if (left == 0 && settled && complete) {
                    return Optional.empty();
                }
                if (System.nanoTime() > deadline) {
                    return Optional.of("group " + group + " still has " + count(left)
                            + " records to process after " + timeout
                            + (settled ? "" : ", and a transaction is open")
                            + (complete ? "" : "; no topic " + internalTopic + " (app never ran?)"));
                }
                if (System.nanoTime() > nextPrint) {
                    out.printf("waiting for %s to drain: %s records to process%n", group, count(left));
                    nextPrint = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                Thread.sleep(500); // polling another process's progress; there is nothing to wait on
            }
        }
    }

    private static String count(long records) {
        return (records >= COUNT_AT_MOST ? "at least " : "") + String.format("%,d", records);
    }

    /** Records a committed reader sees past the group's offsets (counted up to a bound). */
    private long remaining(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, Long> ends = TopicOffsets.end(admin, topics, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, Long> behind = new HashMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata committed = offsets.get(partition);
            long position = committed == null ? 0 : committed.offset();
            if (position < end) {
                behind.put(partition, position);
            }
        });
        return behind.isEmpty() ? 0 : visible(behind, ends);
    }

    private long visible(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (count < COUNT_AT_MOST
                    && System.nanoTime() < deadline
                    && from.keySet().stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return count;
    }
}
