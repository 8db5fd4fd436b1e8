package io.orderseos.validate;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.schemas.OrderEvent;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * First stage: forwards valid events, rejects the rest as {@code VALIDATION}. Runs before dedup, so
 * an invalid record is never remembered and each invalid copy is its own dead letter.
 */
public final class ValidateProcessor implements FixedKeyProcessor<String, OrderEvent, OrderEvent> {
    private FixedKeyProcessorContext<String, OrderEvent> context;

    @Override
    public void init(FixedKeyProcessorContext<String, OrderEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, OrderEvent> record) {
        List<String> violations = OrderEventValidator.violations(record.key(), record.value());
        if (!violations.isEmpty()) {
            throw new RejectedEventException(DeadLetterReason.VALIDATION, String.join("; ", violations));
        }
        context.forward(record);
    }
}
