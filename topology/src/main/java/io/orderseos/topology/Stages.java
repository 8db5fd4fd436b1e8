package io.orderseos.topology;

import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** Ties a stage's processor to the store it owns, so the topology connects them by itself. */
public final class Stages {
    private Stages() {}

    public static <K, V, R> FixedKeyProcessorSupplier<K, V, R> withStore(
            StoreBuilder<?> store, Supplier<FixedKeyProcessor<K, V, R>> processor) {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<K, V, R> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
