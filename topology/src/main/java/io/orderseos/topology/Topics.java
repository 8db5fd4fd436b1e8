package io.orderseos.topology;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.serde.StrictUtf8Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of the topics orders-eos reads and writes, with their key and value serdes.
 * Producers, tests and tools use it so that no two places disagree on a topic's format.
 */
public final class Topics {
    private final Topic<String, OrderEvent> orders;
    private final Topic<String, OrderStatus> orderStatus;
    private final Topic<String, CustomerStats> customerStats;
    private final Topic<byte[], byte[]> deadLetters;

    public Topics(OrdersConfig config) {
        // Input keys are decoded strictly: one that is not UTF-8 is a DESERIALIZATION dead letter.
        this.orders = new Topic<>(
                config.inputTopic(), StrictUtf8Serde.of("record key"), AvroSerde.orderEvents(config.inputMaxBytes()));
        this.orderStatus = new Topic<>(config.statusTopic(), Serdes.String(), AvroSerde.orderStatus());
        this.customerStats = new Topic<>(config.customerStatsTopic(), Serdes.String(), AvroSerde.customerStats());
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
}
