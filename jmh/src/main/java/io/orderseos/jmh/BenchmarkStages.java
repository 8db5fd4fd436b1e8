package io.orderseos.jmh;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsAggregator;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupKey;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStateMachine;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.topology.StoredFormats;
import java.time.Duration;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One record's work in each stateful stage, as the app's processors do it, on stores built as the
 * app builds them: RocksDB from the processors' own store builders, or the in-memory kind with the
 * same serdes for comparison. The processors themselves need a running task (stream time, the
 * forwarding graph); these few lines are their {@code process} bodies.
 */
final class BenchmarkStages implements AutoCloseable {
    static final String TOPIC = "orders";
    /** The app's default dedup window. */
    static final Duration WINDOW = Duration.ofDays(7);

    private final StoreContext stores = new StoreContext();
    private final AvroSerde<OrderEvent> events = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private final ToLongFunction<OrderEvent> payloadHash =
            StoredFormats.of(OrdersConfig.defaults()).payloadHash();
    private final DedupKey.Hasher hasher = new DedupKey.Hasher();
    final WindowStore<Bytes, Long> dedup;
    final KeyValueStore<String, OrderStatus> orders;
    final KeyValueStore<String, CustomerStats> customers;

    /** Fresh, empty stores: {@code rocksdb} (the app's) or {@code memory}. */
    BenchmarkStages(String kind) {
        boolean rocksdb = kind.equals("rocksdb");
        dedup = stores.open(
                rocksdb
                        ? only(DedupProcessor.supplier(WINDOW, event -> 0L, false)
                                .stores())
                        : Stores.windowStoreBuilder(
                                Stores.inMemoryWindowStore(DedupProcessor.STORE, WINDOW, WINDOW, false),
                                StoredFormats.dedupKeys(),
                                Serdes.Long()));
        orders = stores.open(
                rocksdb
                        ? only(OrderStateProcessor.supplier(
                                        AvroSerde.orderStatus(),
                                        AvroSerde.heldEvents(),
                                        OrdersConfig.defaults().reorder(), // off: the order store only
                                        events,
                                        TOPIC,
                                        "order-state-machine")
                                .stores())
                        : Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(OrderStateProcessor.STORE),
                                Serdes.String(),
                                AvroSerde.orderStatus()));
        customers = stores.open(
                rocksdb
                        ? only(CustomerStatsProcessor.supplier(AvroSerde.customerStats())
                                .stores())
                        : Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(CustomerStatsProcessor.STORE),
                                Serdes.String(),
                                AvroSerde.customerStats()));
    }

    @SuppressWarnings("unchecked") // each processor owns exactly one store, of the type it reads back
    static <S extends StateStore> StoreBuilder<S> only(Set<StoreBuilder<?>> builders) {
        return (StoreBuilder<S>) builders.iterator().next();
    }

    /**
     * Dedup: the app's hashed key of the two IDs, its payload hash (of the event encoded with the current schema, CRC-64-AVRO), a lookup
     * within the window ending at stream time {@code now}, an insert when the event is new. True
     * when the event is new.
     */
    boolean dedup(OrderEvent event, long now) {
        Bytes key = Bytes.wrap(hasher.hash(new DedupKey(event.getOrderId(), event.getEventId())));
        long hash = payloadHash.applyAsLong(event);
        long from = Math.max(0, now - WINDOW.toMillis() + 1);
        try (WindowStoreIterator<Long> seen = dedup.fetch(key, from, now)) {
            if (seen.hasNext()) {
                seen.next(); // its hash tells a duplicate from a conflict: either way, not new
                return false;
            }
        }
        dedup.put(key, hash, now);
        return true;
    }

    /** State transition: the order's status, the state machine's decision, the new status stored. */
    OrderTransition transition(OrderEvent event) {
        OrderStatus current = orders.get(event.getOrderId());
        if (OrderStateMachine.decide(current, event) instanceof OrderStateMachine.Apply apply) {
            orders.put(event.getOrderId(), apply.next());
            return new OrderTransition(apply.previous(), apply.next());
        }
        return null;
    }

    /** Aggregate: the customer's statistics, the transition folded in, the result stored. */
    CustomerStats aggregate(OrderTransition transition) {
        String customer = transition.getOrder().getCustomerId();
        CustomerStats next = CustomerStatsAggregator.apply(customers.get(customer), transition);
        customers.put(customer, next);
        return next;
    }

    @Override
    public void close() {
        stores.close();
    }
}
