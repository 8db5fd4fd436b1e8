package io.orderseos.app;

import io.orderseos.config.OrdersConfig;
import io.orderseos.topology.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the topics of the contract exist, so a missing or misnamed topic is one
 * clear message instead of a stream of Kafka warnings. {@code order-status} is keyed by orderId like
 * the input and must have as many partitions, so that a consumer joining the two is co-partitioned.
 * With {@link OrdersConfig#TOPICS_AUTO_CREATE} (local use) missing topics are created as {@link
 * TopicSpec} defines them.
 */
final class TopicCheck {
    private static final Logger log = LoggerFactory.getLogger(TopicCheck.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicCheck() {}

    /**
     * Returns the input topic's partition count when the topics are fine; throws {@link
     * IllegalStateException} saying what is wrong.
     */
    static int ensure(Admin admin, OrdersConfig config) throws InterruptedException {
        List<String> topics =
                List.of(config.inputTopic(), config.statusTopic(), config.customerStatsTopic(), config.dlqTopic());
        String brokers = config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, TopicDescription> existing = describe(admin, topics, brokers);
        List<String> missing =
                topics.stream().filter(t -> !existing.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            if (!config.topicsAutoCreate()) {
                throw new IllegalStateException("missing topics " + missing + " at " + brokers
                        + ": create them, or set " + OrdersConfig.TOPICS_AUTO_CREATE + "=true for local use");
            }
            try {
                create(admin, config, missing, existing);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "cannot create topics " + missing + " at " + brokers + ": " + e.getMessage(), e);
            }
            existing.putAll(awaitVisible(admin, topics, brokers));
        }
        int input = existing.get(config.inputTopic()).partitions().size();
        int status = existing.get(config.statusTopic()).partitions().size();
        if (input != status) {
            throw new IllegalStateException(config.statusTopic() + " has " + status + " partitions but "
                    + config.inputTopic() + " has " + input + ": both are keyed by orderId and must match");
        }
        return input;
    }

    /**
     * Creates the missing topics as {@link TopicSpec} defines them, with as many partitions as an
     * existing input topic has, and the replication factor capped at the brokers there are (this is
     * for local use; {@code orders-eos-ops topics} refuses instead).
     */
    private static void create(
            Admin admin, OrdersConfig config, List<String> missing, Map<String, TopicDescription> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        int partitions = existing.containsKey(config.inputTopic())
                ? existing.get(config.inputTopic()).partitions().size()
                : config.topicsPartitions();
        int brokers = admin.describeCluster()
                .nodes()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .size();
        int replicas = Math.min(config.topicsReplicationFactor(), Math.max(brokers, 1));
        OrdersConfig local = config.with(Map.of(
                OrdersConfig.TOPICS_PARTITIONS, Integer.toString(partitions),
                OrdersConfig.TOPICS_REPLICATION_FACTOR, Integer.toString(replicas)));
        List<NewTopic> newTopics = TopicSpec.appTopics(local).stream()
                .filter(spec -> missing.contains(spec.name()))
                .map(TopicSpec::newTopic)
                .toList();
        log.info("Creating topics {} with {} partitions, replication factor {}", missing, partitions, replicas);
        admin.createTopics(newTopics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Describes topics just created until every one is there: the controller has committed them when
     * creation returns, but the broker that answers may not know them yet.
     */
    private static Map<String, TopicDescription> awaitVisible(Admin admin, List<String> topics, String brokers)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Map<String, TopicDescription> found = describe(admin, topics, brokers);
            if (found.keySet().containsAll(topics)) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " were created but are not visible at " + brokers
                        + " after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(100); // metadata reaches the broker on its own; there is nothing to wait on
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics, String brokers)
            throws InterruptedException {
        Map<String, TopicDescription> found = new HashMap<>();
        for (var entry : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                found.put(entry.getKey(), entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "cannot describe topic " + entry.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "no answer from the brokers at " + brokers + " within " + TIMEOUT_SECONDS + " s", e);
            }
        }
        return found;
    }
}
