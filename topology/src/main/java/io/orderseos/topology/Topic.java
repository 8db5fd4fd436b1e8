package io.orderseos.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Produced;

/** A topic's name together with the serdes of its keys and values: serdes are explicit at every boundary. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    Produced<K, V> produced(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
