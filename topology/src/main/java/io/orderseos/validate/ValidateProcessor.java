package io.orderseos.validate;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.schemas.OrderEvent;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First stage: forwards valid events, rejects the rest as {@code VALIDATION}. Runs before dedup, so
 * an invalid record is never remembered and each invalid copy is its own dead letter. A valid event
 * on another partition than Java's default partitioner gives its key is counted and logged ({@link
 * InputPartitioning}), and with {@code orders.input.misrouted=dead-letter} rejected as {@code
 * MISROUTED}.
 */
public final class ValidateProcessor implements FixedKeyProcessor<String, OrderEvent, OrderEvent> {
    private FixedKeyProcessorContext<String, OrderEvent> context;
    private InputPartitioning partitioning;

    @Override
    public void init(FixedKeyProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.partitioning = InputPartitioning.from(context.appConfigs());
    }

    @Override
    public void process(FixedKeyRecord<String, OrderEvent> record) {
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
}
