package io.orderseos.query;

import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.topology.OrderTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Interactive queries (IQv2) against this instance's order and customer stores, deciding for each
 * key whether it is answered here, by another instance, or not at the moment.
 *
 * <p>Reads see the local store, which under exactly-once may include writes of a transaction that
 * is not committed yet (Kafka Streams 4.3 has no transactional state stores, KIP-892): an answer can
 * run ahead of what {@code read_committed} consumers of the output topics see, and in the rare case
 * of an aborted transaction show a value that is then rolled back.
 */
public final class StateQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final boolean allowStale;

    public StateQueries(KafkaStreams streams, HostInfo self, boolean allowStale) {
        this.streams = streams;
        this.self = self;
        this.allowStale = allowStale;
    }

    public Lookup<OrderStatus> order(String orderId) {
        return lookup(OrderStateProcessor.STORE, orderId);
    }

    public Lookup<CustomerStats> customer(String customerId) {
        return lookup(CustomerStatsProcessor.STORE, customerId);
    }

    /**
     * The customers with {@code from <= customerId <= to} (either bound may be null) in the partitions
     * active on this instance, the first {@code limit} by customerId.
     */
    public Lookup<CustomerPage> localCustomers(String from, String to, int limit) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Lookup.Unavailable<>("instance is " + state);
        }
        Set<Integer> active = activeCustomerPartitions();
        if (active.isEmpty()) {
            return new Lookup.Found<>(new CustomerPage(List.of(), Set.of()), false);
        }
        StateQueryRequest<KeyValueIterator<String, CustomerStats>> request = StateQueryRequest.inStore(
                        CustomerStatsProcessor.STORE)
                .withQuery(RangeQuery.<String, CustomerStats>withRange(from, to).withAscendingKeys())
                .withPartitions(active)
                .requireActive();
        StateQueryResult<KeyValueIterator<String, CustomerStats>> result;
        try {
            result = streams.query(request);
        } catch (StreamsException e) {
            return new Lookup.Unavailable<>(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        TreeMap<String, CustomerStats> merged = new TreeMap<>();
        Set<Integer> partitions = new TreeSet<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, CustomerStats>>> entry :
                result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<String, CustomerStats>> partition = entry.getValue();
            if (partition.isFailure()) {
                return new Lookup.Unavailable<>("partition " + entry.getKey() + ": " + partition.getFailureMessage());
            }
            try (KeyValueIterator<String, CustomerStats> rows = partition.getResult()) {
                for (int taken = 0; taken < limit && rows.hasNext(); taken++) {
                    KeyValue<String, CustomerStats> row = rows.next();
                    merged.put(row.key, row.value);
                }
            }
            partitions.add(entry.getKey());
        }
        List<CustomerStats> page = merged.values().stream().limit(limit).toList();
        return new Lookup.Found<>(new CustomerPage(page, partitions), false);
    }

    /** The customer store's partitions active here (a standby here is not an answer for a range). */
    private Set<Integer> activeCustomerPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream()
                        .filter(tp -> isCustomerStoreSource(tp.topic()))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private static boolean isCustomerStoreSource(String topic) {
        return topic.endsWith("-" + OrderTopology.BY_CUSTOMER + "-repartition");
    }

    /** How many partitions the customer store has: those of its source, the repartition topic. */
    public int customerPartitions() {
        Set<String> partitions = new TreeSet<>();
        for (StreamsMetadata metadata : streams.streamsMetadataForStore(CustomerStatsProcessor.STORE)) {
            metadata.topicPartitions().stream()
                    .filter(tp -> isCustomerStoreSource(tp.topic()))
                    .forEach(tp -> partitions.add(tp.toString()));
        }
        return partitions.size();
    }

    public HostInfo self() {
        return self;
    }

    private <V> Lookup<V> lookup(String store, String key) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return new Lookup.Unavailable<>("instance is " + state);
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            return new Lookup.Unavailable<>("metadata unavailable: " + e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Lookup.Unavailable<>("the group is rebalancing");
        }
        if (self.equals(metadata.activeHost())) {
            return query(store, key, metadata.partition(), true);
        }
        int partition = metadata.partition();
        boolean standbyHere = allowStale && metadata.standbyHosts().contains(self);
        return new Lookup.Elsewhere<>(
                metadata.activeHost(),
                () -> standbyHere
                        ? query(store, key, partition, false)
                        : new Lookup.Unavailable<>("the owner cannot answer and no standby may answer here"));
    }

    private <V> Lookup<V> query(String store, String key, int partition, boolean active) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(key))
                .withPartitions(Set.of(partition));
        if (active) {
            request = request.requireActive();
        }
        StateQueryResult<V> result;
        try {
            result = streams.query(request);
        } catch (StreamsException e) { // includes InvalidStateStoreException: the store is migrating
            return new Lookup.Unavailable<>(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        QueryResult<V> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null || partitionResult.isFailure()) {
            String reason = partitionResult == null
                    ? "partition " + partition + " not hosted here"
                    : partitionResult.getFailureReason() + ": " + partitionResult.getFailureMessage();
            return new Lookup.Unavailable<>(reason);
        }
        V value = partitionResult.getResult();
        return value == null ? new Lookup.NotFound<>() : new Lookup.Found<>(value, !active);
    }
}
