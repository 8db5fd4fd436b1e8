package io.orderseos.customer;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.topology.Stages;
import io.orderseos.topology.StoredFormats;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Last stage, after the repartition by customerId: keeps {@link CustomerStats} per customer in a
 * key-value store and forwards every new value to {@code customer-stats}.
 */
public final class CustomerStatsProcessor implements FixedKeyProcessor<String, OrderTransition, CustomerStats> {
    /** Name of the customer store (and of its changelog). API: renaming it loses the state. */
    public static final String STORE = "customer-stats-store";

    private FixedKeyProcessorContext<String, CustomerStats> context;
    private KeyValueStore<String, CustomerStats> store;

    /**
     * The stage and its store, for {@code KStream#processValues}. The store is cached: a customer's
     * statistics change many times between two commits, and only the last value of each commit
     * reaches the changelog (and RocksDB); every value is still forwarded to {@code customer-stats}.
     */
    public static FixedKeyProcessorSupplier<String, OrderTransition, CustomerStats> supplier(
            Serde<CustomerStats> serde) {
        StoreBuilder<KeyValueStore<String, CustomerStats>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), StoredFormats.stringKeys(), serde)
                .withCachingEnabled();
        return Stages.withStore(store, CustomerStatsProcessor::new);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CustomerStats> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, OrderTransition> record) {
        CustomerStats next = CustomerStatsAggregator.apply(store.get(record.key()), record.value());
        store.put(record.key(), next);
        context.forward(record.withValue(next));
    }
}
