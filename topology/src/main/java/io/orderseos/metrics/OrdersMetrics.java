package io.orderseos.metrics;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The app's own counters, registered with Kafka Streams' metrics so they are reported wherever
 * Kafka's are (JMX, {@code KafkaStreams#metrics()}, the HTTP {@code /metrics} endpoint). Each is a
 * per-stream-thread {@code <operation>-total} and {@code <operation>-rate} in group
 * {@code stream-orders-metrics}: {@code kafka_stream_orders_<operation>_total{thread_id=...}} in
 * {@code /metrics}, as {@link AppMeters} exports them.
 */
public final class OrdersMetrics {
    public static final String GROUP = "stream-orders-metrics";
    static final String SCOPE = "orders";
    static final String ENTITY = "events";

    /** Events applied to an order by the state machine. */
    public static final String APPLIED = "events-applied";
    /** Exact duplicates (same event ID, same payload) dropped by dedup. */
    public static final String DUPLICATES_DROPPED = "duplicates-dropped";
    /** New event IDs for a step the order has already taken, ignored by the state machine. */
    public static final String DUPLICATE_INTENTS = "duplicate-intents";

    private OrdersMetrics() {}

    /**
     * The sensor for {@code operation} on the current stream thread. Shared by every task of the
     * thread and kept for its lifetime, so it is never removed when one task closes.
     */
    public static Sensor sensor(ProcessingContext context, String operation) {
        return context.metrics().addRateTotalSensor(SCOPE, ENTITY, operation, Sensor.RecordingLevel.INFO);
    }
}
