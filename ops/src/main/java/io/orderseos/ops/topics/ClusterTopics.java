package io.orderseos.ops.topics;

import io.orderseos.ops.AppConfig;
import io.orderseos.topology.TopicSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The cluster's topics through Kafka's Admin API, as {@code kafka-topics} reads them ({@code
 * describeTopics} for partitions and replicas, {@code describeConfigs} for the effective configs),
 * every call bounded by one timeout, every failure a message that names the brokers.
 */
public final class ClusterTopics implements AutoCloseable {
    private final Admin admin;
    private final String brokers;
    private final Duration timeout;

    public ClusterTopics(Map<String, Object> client, Duration timeout) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        this.brokers = AppConfig.brokers(client);
        this.timeout = timeout;
        try {
            this.admin = Admin.create(config);
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot connect to the brokers at " + brokers + ": " + cause(e), e);
        }
    }

    /** The broker list, as messages name it. */
    public String brokers() {
        return brokers;
    }

    /** How many brokers the cluster has. */
    public int brokerCount() throws InterruptedException {
        return await(admin.describeCluster().nodes(), "describe the cluster").size();
    }

    /** The partition counts of the topics among {@code names} that exist; a missing one is absent. */
    public Map<String, Integer> partitions(Collection<String> names) throws InterruptedException {
        Map<String, Integer> counts = new HashMap<>();
        descriptions(names)
                .forEach((name, description) ->
                        counts.put(name, description.partitions().size()));
        return counts;
    }

    /** The topics among {@code names} that exist, described; a missing one is absent from the map. */
    Map<String, TopicState> describe(Collection<String> names) throws InterruptedException {
        Map<String, TopicDescription> descriptions = descriptions(names);
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(descriptions.keySet().stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .values();
        Map<String, TopicState> found = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            Config config;
            try {
                config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, description.name()))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue; // just created: the broker asked for its configs does not know it yet
                }
                throw failed("describe the configs of " + description.name(), e);
            } catch (TimeoutException e) {
                throw noAnswer(e);
            }
            Map<String, String> values = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
            }
            SortedSet<Integer> replicas = new TreeSet<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                replicas.add(partition.replicas().size());
            }
            found.put(
                    description.name(),
                    new TopicState(description.name(), description.partitions().size(), replicas, values));
        }
        return found;
    }

    private Map<String, TopicDescription> descriptions(Collection<String> names) throws InterruptedException {
        Map<String, TopicDescription> descriptions = new HashMap<>();
        for (var entry : admin.describeTopics(names).topicNameValues().entrySet()) {
            try {
                descriptions.put(entry.getKey(), entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failed("describe topic " + entry.getKey(), e);
                }
            } catch (TimeoutException e) {
                throw noAnswer(e);
            }
        }
        return descriptions;
    }

    /**
     * Creates {@code specs}; one that exists by now (created by someone else meanwhile) is left as it
     * is. Returns them described once brokers answer for every one: creation returns when the
     * controller has committed them, which the broker answering next may not know yet.
     */
    public Map<String, TopicState> create(List<TopicSpec> specs) throws InterruptedException {
        var results = admin.createTopics(
                        specs.stream().map(TopicSpec::newTopic).toList(),
                        new CreateTopicsOptions().retryOnQuotaViolation(false))
                .values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failed("create topic " + entry.getKey(), e);
                }
            } catch (TimeoutException e) {
                throw noAnswer(e);
            }
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, TopicState> found = describe(names);
            if (found.keySet().containsAll(names)) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " were created but are not visible at " + brokers
                        + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100); // metadata reaches the brokers on its own; there is nothing to wait on
        }
    }

    /** Topics whose names start with {@code prefix} and end with one of {@code suffixes}, sorted. */
    List<String> list(String prefix, List<String> suffixes) throws InterruptedException {
        return await(admin.listTopics().names(), "list topics").stream()
                .filter(name -> name.startsWith(prefix) && suffixes.stream().anyMatch(name::endsWith))
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private <T> T await(KafkaFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(what, e);
        } catch (TimeoutException e) {
            throw noAnswer(e);
        }
    }

    private IllegalStateException failed(String what, ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
            return noAnswer(e);
        }
        return new IllegalStateException("cannot " + what + " at " + brokers + ": " + cause(e), e);
    }

    private IllegalStateException noAnswer(Exception e) {
        return new IllegalStateException(
                "no answer from the brokers at " + brokers + " within " + timeout.toSeconds()
                        + " s: is the broker list right (--bootstrap-servers, KAFKA_BOOTSTRAP_SERVERS, the --config"
                        + " file's bootstrap.servers) and are they up?",
                e);
    }

    private static String cause(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
