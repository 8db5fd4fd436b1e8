package io.orderseos.app;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * End offsets of whole topics, as a {@code read_uncommitted} reader (high watermark) and a {@code
 * read_committed} one (last stable offset) see them. Where the two differ, a transaction that wrote
 * to the partition is still open: its records are invisible to a committed reader until its marker
 * lands. The coordinator writes the markers to each partition on its own, so the group offsets of
 * a committed transaction can be visible before all of its output is.
 */
public final class TopicOffsets {
    private TopicOffsets() {}

    /** Each partition of {@code topics} and its end offset as a reader with {@code isolation} sees it. */
    public static Map<TopicPartition, Long> end(Admin admin, Collection<String> topics, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic :
                admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The partitions of {@code topics} that an open transaction has written to. */
    public static Set<TopicPartition> withOpenTransactions(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> stable = end(admin, topics, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> written = end(admin, topics, IsolationLevel.READ_UNCOMMITTED);
        return written.keySet().stream()
                .filter(tp -> !written.get(tp).equals(stable.get(tp)))
                .collect(Collectors.toSet());
    }
}
