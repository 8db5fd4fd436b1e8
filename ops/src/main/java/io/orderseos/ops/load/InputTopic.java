package io.orderseos.ops.load;

import io.orderseos.ops.topics.PartitionsServing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the input topic exists with the partitions asked for before anything is sent: keys
 * map to partitions by the partition count, so sending into a topic of another count would put the
 * orders elsewhere than a run against a fresh topic does.
 */
final class InputTopic {
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(30);

    private InputTopic() {}

    /**
     * Creates the topic if it is missing, and waits until the leader of each partition serves it.
     *
     * @throws IllegalArgumentException if it exists with another partition count
     * @throws IllegalStateException if the broker cannot be asked, or leaves a partition unserved
     */
    static void ensure(LoadOptions options) throws InterruptedException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers()))) {
            Optional<Integer> existing = partitions(admin, options);
            if (existing.isEmpty()) {
                existing = create(admin, options);
            }
            int partitions = existing.orElseThrow();
            if (partitions != options.partitions()) {
                throw new IllegalArgumentException(String.format(
                        "topic %s has %d partitions, --partitions asks for %d: pass --partitions %d or another --topic",
                        options.topic(), partitions, options.partitions(), partitions));
            }
            // Created just now, by this run or by `topics`: its first batches must find it served.
            PartitionsServing.await(admin, List.of(options.topic()), SERVED_WITHIN);
        }
    }

    /** The topic's partition count, or empty if it does not exist. */
    private static Optional<Integer> partitions(Admin admin, LoadOptions options) throws InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(options.topic()))
                    .allTopicNames()
                    .get()
                    .get(options.topic())
                    .partitions()
                    .size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw failed("describe", options, e);
        }
    }

    /** Creates the topic; returns the count of the one that exists when another client was faster. */
    private static Optional<Integer> create(Admin admin, LoadOptions options) throws InterruptedException {
        NewTopic topic = new NewTopic(options.topic(), Optional.of(options.partitions()), Optional.empty());
        try {
            admin.createTopics(List.of(topic)).all().get();
            return Optional.of(options.partitions());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return partitions(admin, options);
            }
            throw failed("create", options, e);
        }
    }

    private static IllegalStateException failed(String action, LoadOptions options, ExecutionException e) {
        return new IllegalStateException(
                "cannot " + action + " topic " + options.topic() + " at " + options.bootstrapServers() + ": "
                        + e.getCause().getMessage(),
                e.getCause());
    }
}
