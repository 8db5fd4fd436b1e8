package io.orderseos.validate;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.OversizeValueException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.Sensor;
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
 * its own dead letter.
 */
public final class ValidateProcessor implements Processor<byte[], InputValue, String, OrderEvent> {
    private final Deserializer<String> keys;
    private ProcessorContext<String, OrderEvent> context;
    private Sensor rejected;

    /** Decodes keys with {@code keys}, whose {@link SerializationException} means bad data. */
    public ValidateProcessor(Deserializer<String> keys) {
        this.keys = keys;
    }

    @Override
    public void init(ProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.rejected = OrdersMetrics.sensor(context, OrdersMetrics.deadLetters(DeadLetterReason.VALIDATION));
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
        List<String> violations = OrderEventValidator.violations(key, event);
        if (!violations.isEmpty()) {
            rejected.record();
            throw new RejectedEventException(DeadLetterReason.VALIDATION, String.join("; ", violations));
        }
        context.forward(input.withKey(key).withValue(event));
    }

    private static RejectedEventException undecodable(SerializationException cause) {
        DeadLetterReason reason =
                cause instanceof OversizeValueException ? DeadLetterReason.OVERSIZE : DeadLetterReason.DESERIALIZATION;
        return new RejectedEventException(reason, cause.getMessage(), cause);
    }
}
