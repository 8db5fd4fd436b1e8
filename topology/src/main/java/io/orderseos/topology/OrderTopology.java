package io.orderseos.topology;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStageOutput;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.validate.InputValue;
import io.orderseos.validate.ValidateProcessor;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The orders-eos topology, a pure function of its configuration (no I/O):
 *
 * <pre>
 * orders ─► validate ─► dedup ─► order-state-machine ─┬─► order-status
 *                                                     ├─► orders-by-customer (repartition)
 *                                                     │     ─► customer-stats-aggregate ─► customer-stats
 *                                                     └─► held-dead-letter-sink ─► orders-dlq
 * </pre>
 *
 * Rejected records leave through the exception handlers to the dead-letter topic; events the order
 * stage held and rejected later (the reorder buffer) through its own sink to the same topic. Every processor,
 * store and repartition topic is named here or next to its processor; the names are API, because a
 * running deployment's state and internal topics are found by them. The stores' and internal
 * topics' serdes are {@link StoredFormats}', whose description the compatibility gate checks.
 */
public final class OrderTopology {
    public static final String SOURCE = "orders-source";
    public static final String VALIDATE = "validate";
    public static final String DEDUP = "dedup";
    public static final String STATE_MACHINE = "order-state-machine";
    /** Splits the order stage's output: transitions on, held events' dead letters to their sink. */
    public static final String ROUTE = "order-stage-";

    public static final String TRANSITIONS = "transitions";
    public static final String HELD_LETTERS = "held-dead-letters";
    public static final String HELD_LETTER_BYTES = "held-dead-letter-bytes";
    public static final String HELD_LETTER_SINK = "held-dead-letter-sink";
    public static final String ORDER_TRANSITIONS = "order-transitions";
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
        StoredFormats formats = StoredFormats.of(config);

        // The source decodes nothing that can fail on bad data: validate rejects it as it processes
        // the record, so that a dead letter and the offset past its record commit together (InputValue).
        Topic<String, OrderEvent> orders = topics.orders();
        Deserializer<String> keys = orders.keySerde().deserializer();
        Map<String, KStream<String, OrderStageOutput>> routes = builder.stream(
                        orders.name(),
                        Consumed.with(
                                        Serdes.ByteArray(),
                                        InputValue.serde(orders.valueSerde().deserializer()))
                                .withName(SOURCE))
                .process(() -> new ValidateProcessor(keys), Named.as(VALIDATE))
                .processValues(
                        DedupProcessor.supplier(config.dedupWindow(), formats.payloadHash(), formats.exactDedupKeys()),
                        Named.as(DEDUP))
                .process(
                        OrderStateProcessor.supplier(
                                formats.orderStatus(),
                                formats.heldEvents(),
                                config.reorder(),
                                topics.orders().valueSerde().deserializer(),
                                topics.orders().name(),
                                STATE_MACHINE),
                        Named.as(STATE_MACHINE))
                .split(Named.as(ROUTE))
                .branch((orderId, out) -> out instanceof OrderStageOutput.Letter, Branched.as(HELD_LETTERS))
                .defaultBranch(Branched.as(TRANSITIONS));

        routes.get(ROUTE + HELD_LETTERS)
                .map(
                        (orderId, out) -> {
                            ProducerRecord<byte[], byte[]> letter = ((OrderStageOutput.Letter) out).letter();
                            return KeyValue.pair(letter.key(), letter.value());
                        },
                        Named.as(HELD_LETTER_BYTES))
                .to(
                        config.dlqTopic(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(HELD_LETTER_SINK));

        KStream<String, OrderTransition> transitions = routes.get(ROUTE + TRANSITIONS)
                .mapValues(out -> ((OrderStageOutput.Transition) out).transition(), Named.as(ORDER_TRANSITIONS));

        transitions
                .mapValues(OrderTransition::getOrder, Named.as(STATUS_VALUE))
                .to(topics.orderStatus().name(), topics.orderStatus().produced(STATUS_SINK));

        transitions
                .selectKey((orderId, transition) -> transition.getOrder().getCustomerId(), Named.as(KEY_BY_CUSTOMER))
                .repartition(Repartitioned.with(StoredFormats.stringKeys(), formats.transitions())
                        .withName(BY_CUSTOMER))
                .processValues(CustomerStatsProcessor.supplier(formats.customerStats()), Named.as(AGGREGATE))
                .to(topics.customerStats().name(), topics.customerStats().produced(CUSTOMER_STATS_SINK));

        return builder.build();
    }
}
