package io.orderseos.topology;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.serde.RegistryAvroSerde;
import io.orderseos.serde.StrictUtf8Serde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of the topics orders-eos reads and writes, with their key and value serdes.
 * Producers, tests and tools use it so that no two places disagree on a topic's format.
 *
 * <p>Values of the input and the two outputs are in single-object encoding, or with {@code
 * orders.serde=registry} in the schema registry's wire format ({@link RegistryAvroSerde}). Internal
 * topics (the repartition topic, changelogs) are the app's own and always single-object encoded: no
 * registry call on the hot path.
 */
public final class Topics implements AutoCloseable {
    private final Topic<String, OrderEvent> orders;
    private final Topic<String, OrderStatus> orderStatus;
    private final Topic<String, CustomerStats> customerStats;
    private final Topic<byte[], byte[]> deadLetters;

    public Topics(OrdersConfig config) {
        // Input keys are decoded strictly: one that is not UTF-8 is a DESERIALIZATION dead letter.
        var inputKeys = StrictUtf8Serde.of("record key");
        if (config.registryMode()) {
            Map<String, String> registry = config.registryClientConfig();
            this.orders = new Topic<>(
                    config.inputTopic(),
                    inputKeys,
                    RegistryAvroSerde.orderEvents(registry, config.inputMaxBytes(), config.registryTimeout()));
            this.orderStatus = new Topic<>(
                    config.statusTopic(),
                    Serdes.String(),
                    RegistryAvroSerde.orderStatus(registry, config.registryTimeout()));
            this.customerStats = new Topic<>(
                    config.customerStatsTopic(),
                    Serdes.String(),
                    RegistryAvroSerde.customerStats(registry, config.registryTimeout()));
        } else {
            StoredFormats formats = StoredFormats.of(config);
            this.orders = new Topic<>(config.inputTopic(), inputKeys, AvroSerde.orderEvents(config.inputMaxBytes()));
            this.orderStatus = new Topic<>(config.statusTopic(), Serdes.String(), formats.orderStatus());
            this.customerStats = new Topic<>(config.customerStatsTopic(), Serdes.String(), formats.customerStats());
        }
        this.deadLetters = new Topic<>(config.dlqTopic(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** Input: key orderId (strict UTF-8), value {@link OrderEvent}. */
    public Topic<String, OrderEvent> orders() {
        return orders;
    }

    /** Output, compacted: key orderId, value the order's latest {@link OrderStatus}. */
    public Topic<String, OrderStatus> orderStatus() {
        return orderStatus;
    }

    /** Output, compacted: key customerId, value {@link CustomerStats}. */
    public Topic<String, CustomerStats> customerStats() {
        return customerStats;
    }

    /** Dead letters: the original key and value bytes, with the reason in headers. */
    public Topic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /** Releases the serdes' resources (the registry client's, in registry mode). */
    @Override
    public void close() {
        orders.valueSerde().close();
        orderStatus.valueSerde().close();
        customerStats.valueSerde().close();
    }
}
