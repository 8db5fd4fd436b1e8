package io.orderseos.app;

import io.orderseos.config.OrdersConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the topics of the contract exist, so a missing or misnamed topic is one
 * clear message instead of a stream of Kafka warnings. {@code order-status} is keyed by orderId like
 * the input and must have as many partitions, so that a consumer joining the two is co-partitioned.
 * With {@link OrdersConfig#TOPICS_AUTO_CREATE} (local use) missing topics are created, the outputs
 * compacted.
 */
final class TopicCheck {
    private static final Logger log = LoggerFactory.getLogger(TopicCheck.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicCheck() {}

    /** Returns normally when the topics are fine; throws {@link IllegalStateException} saying what is wrong. */
    static void ensure(Admin admin, OrdersConfig config) throws InterruptedException {
        List<String> topics =
                List.of(config.inputTopic(), config.statusTopic(), config.customerStatsTopic(), config.dlqTopic());
        Map<String, TopicDescription> existing = describe(admin, topics);
        List<String> missing =
                topics.stream().filter(t -> !existing.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            if (!config.topicsAutoCreate()) {
                throw new IllegalStateException("missing topics " + missing + " at "
                        + config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) + ": create them, or set "
                        + OrdersConfig.TOPICS_AUTO_CREATE + "=true for local use");
            }
            create(admin, config, missing, existing);
            existing.putAll(describe(admin, topics));
        }
        int input = existing.get(config.inputTopic()).partitions().size();
        int status = existing.get(config.statusTopic()).partitions().size();
        if (input != status) {
            throw new IllegalStateException(config.statusTopic() + " has " + status + " partitions but "
                    + config.inputTopic() + " has " + input + ": both are keyed by orderId and must match");
        }
    }

    private static void create(
            Admin admin, OrdersConfig config, List<String> missing, Map<String, TopicDescription> existing)
            throws InterruptedException {
        int partitions = existing.containsKey(config.inputTopic())
                ? existing.get(config.inputTopic()).partitions().size()
                : config.topicsPartitions();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : missing) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty());
            if (topic.equals(config.statusTopic()) || topic.equals(config.customerStatsTopic())) {
                newTopic.configs(compacted);
            }
            newTopics.add(newTopic);
        }
        log.info("Creating topics {} with {} partitions", missing, partitions);
        try {
            admin.createTopics(newTopics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + missing + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws InterruptedException {
        Map<String, TopicDescription> found = new java.util.HashMap<>();
        for (var entry : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                found.put(entry.getKey(), entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "cannot describe topic " + entry.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "no answer from the brokers at " + "bootstrap.servers within " + TIMEOUT_SECONDS + " s", e);
            }
        }
        return found;
    }
}
