package io.orderseos.query;

import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

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
        if (allowStale && metadata.standbyHosts().contains(self)) {
            return query(store, key, metadata.partition(), false);
        }
        return new Lookup.Elsewhere<>(metadata.activeHost());
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
