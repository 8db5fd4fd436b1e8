package io.orderseos.validate;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.OversizeValueException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First stage: decodes the key, forwards valid events, rejects the rest: an undecodable key or value
 * as {@code DESERIALIZATION} (a value over the cap as {@code OVERSIZE}), an invalid event as {@code
 * VALIDATION}. Rejecting undecodable records here, while they are processed, and not in Kafka's
 * deserialization exception handler, is what keeps their dead letters exactly-once ({@link
 * InputValue}). Runs before dedup, so an invalid record is never remembered and each invalid copy is
 * its own dead letter. A valid event
 * on another partition than Java's default partitioner gives its key is counted and logged ({@link
 * InputPartitioning}), and with {@code orders.input.misrouted=dead-letter} rejected as {@code
 * MISROUTED}.
 */
public final class ValidateProcessor implements Processor<byte[], InputValue, String, OrderEvent> {
    private final Deserializer<String> keys;
    private ProcessorContext<String, OrderEvent> context;
    private InputPartitioning partitioning;

    /** Decodes keys with {@code keys}, whose {@link SerializationException} means bad data. */
    public ValidateProcessor(Deserializer<String> keys) {
        this.keys = keys;
    }

    @Override
    public void init(ProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.partitioning = InputPartitioning.from(context.appConfigs());
    }

    @Override
    public void process(Record<byte[], InputValue> input) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        String key;
        try {
            key = keys.deserialize(topic, input.headers(), input.key());
        } catch (SerializationException e) {
            throw undecodable(e);
        }
        if (input.value() instanceof InputValue.Undecodable bad) {
            throw undecodable(bad.cause());
        }
        OrderEvent event = input.value() instanceof InputValue.Event decoded ? decoded.event() : null;
        Record<String, OrderEvent> record = new Record<>(key, event, input.timestamp(), input.headers());
        List<String> violations = OrderEventValidator.violations(record.key(), record.value());
        if (!violations.isEmpty()) {
            throw new RejectedEventException(DeadLetterReason.VALIDATION, String.join("; ", violations));
        }
        int expected = partitioning.expected(record.key());
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (expected >= 0 && source != null && source.partition() != expected) {
            partitioning.misrouted(
                    source.topic(), record.key(), source.partition(), expected, context.currentSystemTimeMs());
            if (partitioning.deadLetter()) {
                throw new RejectedEventException(
                        DeadLetterReason.MISROUTED,
                        "key " + record.key() + " is on partition " + source.partition() + " of " + source.topic()
                                + "; Java's default partitioner (murmur2) puts it on partition " + expected
                                + ", where its order's state is (docs/producers.md#key-and-partition)");
            }
        }
        context.forward(record);
    }

    private static RejectedEventException undecodable(SerializationException cause) {
        DeadLetterReason reason =
                cause instanceof OversizeValueException ? DeadLetterReason.OVERSIZE : DeadLetterReason.DESERIALIZATION;
        return new RejectedEventException(reason, cause.getMessage(), cause);
    }
}
