package io.orderseos.ops.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until the leader of every partition of some topics serves requests, before anything is
 * produced into a topic just created.
 *
 * <p>A leader in the metadata is not enough. A broker publishes a new topic to its metadata cache
 * before its replica manager takes the partitions on; an idempotent producer whose first batch to a
 * partition meets that window ({@code NOT_LEADER_OR_FOLLOWER}) while its second lands just after it
 * has the second taken as the partition's first, and then retries the first with {@code
 * OUT_OF_ORDER_SEQUENCE_NUMBER} until {@code delivery.timeout.ms} fails it (KAFKA-15591; seen here
 * with a 4.3.1 broker). A {@code ListOffsets} request is answered by the replica manager of the
 * partition's leader, so once every partition has answered one, produce requests are taken too.
 */
public final class PartitionsServing {
    private static final Duration ATTEMPT = Duration.ofSeconds(5);
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private PartitionsServing() {}

    /**
     * Returns once every partition of {@code topics} has answered a {@code ListOffsets} request from
     * its leader.
     *
     * @throws IllegalStateException if that takes longer than {@code within}, or a non-retriable
     *     error (a missing ACL, say) comes back
     */
    public static void await(Admin admin, Collection<String> topics, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                admin.listOffsets(latestOfEveryPartition(admin, topics), new ListOffsetsOptions().timeoutMs((int)
                                        ATTEMPT.toMillis()))
                        .all()
                        .get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException(
                            "cannot ask the leaders of " + topics + " for offsets: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the partitions of " + topics + " are not served by their leaders " + within
                                    + " after creation: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
            Thread.sleep(BACKOFF.toMillis()); // the broker takes partitions on by itself; nothing to wait on
        }
    }

    private static Map<TopicPartition, OffsetSpec> latestOfEveryPartition(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicDescription topic :
                admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions()
                    .forEach(partition ->
                            specs.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest()));
        }
        return specs;
    }
}
