package io.orderseos.jmh;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.load.LoadGenerator;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadRecord;
import io.orderseos.ops.load.RecordKind;
import io.orderseos.order.OrderStateMachine;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.validate.OrderEventValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The first {@code count} records the app would see of the load generator's stream (seed 42, the
 * default mix: duplicates, conflicts, retried intents, illegal steps, old-schema and malformed
 * records; aborted ones are left out, as a {@code read_committed} app never sees them), and what
 * each stage of the topology receives of it, worked out once so that a benchmark of one stage feeds
 * it exactly its real input.
 */
final class SeededStream {
    final String[] keys;
    final byte[][] values;
    /** Decoded values: null where decoding fails or the value is a tombstone. */
    final OrderEvent[] decoded;
    /** Events that pass validation, with their keys: the dedup stage's input. */
    final List<OrderEvent> valid = new ArrayList<>();
    /** Events dedup lets through (first of their orderId and eventId): the state machine's input. */
    final List<OrderEvent> fresh = new ArrayList<>();
    /** The state machine's new status for each of {@link #fresh}, null where it refuses the event. */
    final List<OrderStatus> applied = new ArrayList<>();
    /** Transitions the state machine applies: the aggregate's input, keyed by customerId. */
    final List<OrderTransition> transitions = new ArrayList<>();

    SeededStream(int count) {
        LoadOptions options = LoadOptions.builder().count(2L * count).seed(42).build();
        keys = new String[count];
        values = new byte[count][];
        int n = 0;
        for (LoadRecord record : new LoadGenerator(options)) {
            if (record.kind() == RecordKind.ABORTED) {
                continue;
            }
            keys[n] = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            values[n] = record.value();
            if (++n == count) {
                break;
            }
        }
        AvroSerde<OrderEvent> serde =
                AvroSerde.orderEvents(Integer.parseInt(OrdersConfig.APP_DEFAULTS.get(OrdersConfig.INPUT_MAX_BYTES)));
        decoded = new OrderEvent[count];
        Set<String> seen = new HashSet<>();
        Map<String, OrderStatus> orders = new HashMap<>();
        for (int i = 0; i < count; i++) {
            try {
                decoded[i] = serde.deserialize(BenchmarkStages.TOPIC, values[i]);
            } catch (SerializationException e) {
                continue;
            }
            if (!OrderEventValidator.violations(keys[i], decoded[i]).isEmpty()) {
                continue;
            }
            OrderEvent event = decoded[i];
            valid.add(event);
            if (!seen.add(event.getOrderId() + '\u0000' + event.getEventId())) {
                continue;
            }
            fresh.add(event);
            if (OrderStateMachine.decide(orders.get(event.getOrderId()), event)
                    instanceof OrderStateMachine.Apply apply) {
                orders.put(event.getOrderId(), apply.next());
                applied.add(apply.next());
                transitions.add(new OrderTransition(apply.previous(), apply.next()));
            } else {
                applied.add(null);
            }
        }
    }
}
