package io.orderseos.topology;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.validate.InputValue;
import io.orderseos.validate.ValidateProcessor;
import java.util.function.ToLongFunction;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The orders-eos topology, a pure function of its configuration (no I/O):
 *
 * <pre>
 * orders ─► validate ─► dedup ─► order-state-machine ─┬─► order-status
 *                                                     └─► orders-by-customer (repartition)
 *                                                           ─► customer-stats-aggregate ─► customer-stats
 * </pre>
 *
 * Rejected records leave through the exception handlers to the dead-letter topic. Every processor,
 * store and repartition topic is named here or next to its processor; the names are API, because a
 * running deployment's state and internal topics are found by them.
 */
public final class OrderTopology {
    public static final String SOURCE = "orders-source";
    public static final String VALIDATE = "validate";
    public static final String DEDUP = "dedup";
    public static final String STATE_MACHINE = "order-state-machine";
    public static final String STATUS_VALUE = "order-status-value";
    public static final String STATUS_SINK = "order-status-sink";
    public static final String KEY_BY_CUSTOMER = "key-by-customer";
    /** The repartition topic is {@code <application.id>-orders-by-customer-repartition}. */
    public static final String BY_CUSTOMER = "orders-by-customer";

    public static final String AGGREGATE = "customer-stats-aggregate";
    public static final String CUSTOMER_STATS_SINK = "customer-stats-sink";

    private OrderTopology() {}

    public static Topology build(OrdersConfig config) {
        return build(config, new Topics(config));
    }

    /** The topology reading and writing through {@code topics}' serdes (built from the same {@code config}). */
    public static Topology build(OrdersConfig config, Topics topics) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.kafkaProperties())));

        // The source decodes nothing that can fail on bad data: validate rejects it as it processes
        // the record, so that a dead letter and the offset past its record commit together (InputValue).
        Topic<String, OrderEvent> orders = topics.orders();
        Deserializer<String> keys = orders.keySerde().deserializer();
        KStream<String, OrderTransition> transitions = builder.stream(
                        orders.name(),
                        Consumed.with(
                                        Serdes.ByteArray(),
                                        InputValue.serde(orders.valueSerde().deserializer()))
                                .withName(SOURCE))
                .process(() -> new ValidateProcessor(keys), Named.as(VALIDATE))
                .processValues(
                        DedupProcessor.supplier(
                                config.dedupWindow(), payloadHash(AvroSerde.orderEvents(config.inputMaxBytes()))),
                        Named.as(DEDUP))
                .processValues(OrderStateProcessor.supplier(AvroSerde.orderStatus()), Named.as(STATE_MACHINE));

        transitions
                .mapValues(OrderTransition::getOrder, Named.as(STATUS_VALUE))
                .to(topics.orderStatus().name(), topics.orderStatus().produced(STATUS_SINK));

        transitions
                .selectKey((orderId, transition) -> transition.getOrder().getCustomerId(), Named.as(KEY_BY_CUSTOMER))
                .repartition(Repartitioned.with(Serdes.String(), AvroSerde.orderTransitions())
                        .withName(BY_CUSTOMER))
                .processValues(CustomerStatsProcessor.supplier(AvroSerde.customerStats()), Named.as(AGGREGATE))
                .to(topics.customerStats().name(), topics.customerStats().produced(CUSTOMER_STATS_SINK));

        return builder.build();
    }

    /**
     * "Same payload" means the same decoded content: the CRC-64-AVRO fingerprint of the event
     * re-encoded with the current schema, so a copy written with an older schema version is still
     * the same event. Always in single-object encoding, whatever the input's wire format: the hash
     * needs no registry, and dedup state stays valid if the wire format changes.
     */
    static ToLongFunction<OrderEvent> payloadHash(Serializer<OrderEvent> serializer) {
        return event -> SchemaNormalization.fingerprint64(serializer.serialize(null, event));
    }
}
