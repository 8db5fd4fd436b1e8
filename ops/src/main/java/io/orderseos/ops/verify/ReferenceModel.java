package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What orders-eos must have made of its input, recomputed from the contract (docs/contract.md) alone: which
 * records are applied, dropped as duplicates or duplicate intents, or dead-lettered and why; every
 * order's sequence of statuses and every customer's statistics. It shares no code with the
 * topology, only the schemas and their wire format.
 *
 * <p>Feed it each partition's records in offset order (partitions are independent: an order's
 * events share a partition). The dedup window is measured, as the contract says, in the stream time
 * of the record's partition: the largest record timestamp seen so far among records that decoded.
 *
 * <p>The app also counts a timestamp further ahead of its wall clock than {@code
 * orders.timestamp.max.future} (default 15 min) as that wall clock plus the allowance; the model
 * cannot know the app's clock and ignores this. It needs not: the load generator stamps records
 * with its own wall clock, so none is clamped unless the clocks disagree by more than the allowance.
 * With other producers, such a record moves the model's stream time further than the app's by the
 * excess, which changes an outcome only for a copy that arrives within that margin of its window's
 * end.
 */
final class ReferenceModel {
    static final String DESERIALIZATION = "DESERIALIZATION";
    static final String OVERSIZE = "OVERSIZE";
    static final String VALIDATION = "VALIDATION";
    static final String EVENT_ID_CONFLICT = "EVENT_ID_CONFLICT";
    static final String ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION";

    /** A dead letter the input calls for. */
    record ExpectedLetter(InputRecord input, String reason) {}

    private record Seen(long firstSeen, OrderEvent event) {}

    private final long windowMs;
    private final int inputMaxBytes;
    private final AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private final Map<Integer, Long> streamTime = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, List<OrderStatus>> orders = new HashMap<>();
    private final Map<String, CustomerTotals> customers = new HashMap<>();
    private final Map<String, ExpectedLetter> letters = new HashMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();

    ReferenceModel(Duration dedupWindow, int inputMaxBytes) {
        this.windowMs = dedupWindow.toMillis();
        this.inputMaxBytes = inputMaxBytes;
    }

    void accept(InputRecord record) {
        // The key is decoded first, and strictly: one that is not UTF-8 is undecodable.
        if (record.key() != null && !isUtf8(record.key())) {
            reject(record, DESERIALIZATION);
            return;
        }
        byte[] value = record.value();
        if (value != null && value.length > inputMaxBytes) {
            reject(record, OVERSIZE);
            return;
        }
        OrderEvent event = null;
        if (value != null) {
            try {
                event = serde.deserialize(null, value);
            } catch (RuntimeException e) {
                reject(record, DESERIALIZATION);
                return;
            }
        }
        long now = advanceStreamTime(record, event);
        String key = record.key() == null ? null : new String(record.key(), UTF_8);
        if (event == null || !ContractRules.valid(key, event)) {
            reject(record, VALIDATION);
            return;
        }
        String dedupKey = event.getOrderId() + '\u0000' + event.getEventId();
        Seen before = seen.get(dedupKey);
        if (before != null && now - before.firstSeen() < windowMs) {
            if (before.event().equals(event)) {
                count("duplicate dropped");
            } else {
                reject(record, EVENT_ID_CONFLICT);
            }
            return;
        }
        seen.put(dedupKey, new Seen(now, event));
        transition(record, event);
    }

    private long advanceStreamTime(InputRecord record, OrderEvent event) {
        long previous = streamTime.getOrDefault(record.partition(), -1L);
        long timestamp = record.timestamp();
        if (timestamp < 0) {
            long occurredAt = event == null ? -1 : event.getOccurredAt().toEpochMilli();
            timestamp = occurredAt >= 0 ? occurredAt : Math.max(previous, 0);
        }
        long now = Math.max(previous, timestamp);
        streamTime.put(record.partition(), now);
        return now;
    }

    /** The order state machine of the contract, on an event that passed validation and dedup. */
    private void transition(InputRecord record, OrderEvent event) {
        List<OrderStatus> history = orders.get(event.getOrderId());
        OrderStatus current = history == null ? null : history.get(history.size() - 1);
        OrderEventType type = event.getType();
        if (current == null) {
            if (type == OrderEventType.PLACED) {
                apply(null, placed(event));
            } else {
                reject(record, ILLEGAL_TRANSITION);
            }
            return;
        }
        if (!current.getCustomerId().equals(event.getCustomerId())) {
            reject(record, VALIDATION);
            return;
        }
        OrderState state = current.getStatus();
        if (state == OrderState.CANCELLED) {
            if (type == OrderEventType.CANCELLED) {
                count("duplicate intent");
            } else {
                reject(record, ILLEGAL_TRANSITION);
            }
        } else if (type == OrderEventType.CANCELLED) {
            if (state == OrderState.PLACED || state == OrderState.PAID) {
                apply(current, advanced(current, OrderState.CANCELLED, event));
            } else {
                reject(record, ILLEGAL_TRANSITION);
            }
        } else if (rank(type) <= rank(state)) {
            count("duplicate intent");
        } else if (rank(type) == rank(state) + 1) {
            apply(current, advanced(current, OrderState.valueOf(type.name()), event));
        } else {
            reject(record, ILLEGAL_TRANSITION);
        }
    }

    /** Position on the main path PLACED, PAID, SHIPPED, DELIVERED. */
    private static int rank(Enum<?> step) {
        return List.of("PLACED", "PAID", "SHIPPED", "DELIVERED").indexOf(step.name());
    }

    private void apply(OrderStatus previous, OrderStatus next) {
        orders.computeIfAbsent(next.getOrderId(), id -> new ArrayList<>()).add(next);
        customers
                .computeIfAbsent(next.getCustomerId(), CustomerTotals::new)
                .apply(
                        previous == null ? null : previous.getStatus(),
                        next.getStatus(),
                        next.getCurrency(),
                        next.getAmount(),
                        next.getUpdatedAt());
        count("applied");
    }

    private static OrderStatus placed(OrderEvent event) {
        return new OrderStatus(
                event.getOrderId(),
                event.getCustomerId(),
                OrderState.PLACED,
                event.getAmount(),
                event.getCurrency(),
                event.getOccurredAt(),
                event.getOccurredAt(),
                event.getEventId());
    }

    private static OrderStatus advanced(OrderStatus current, OrderState state, OrderEvent event) {
        return new OrderStatus(
                current.getOrderId(),
                current.getCustomerId(),
                state,
                current.getAmount(),
                current.getCurrency(),
                current.getPlacedAt(),
                event.getOccurredAt(),
                event.getEventId());
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void reject(InputRecord record, String reason) {
        letters.put(record.position(), new ExpectedLetter(record, reason));
        count("dead letter " + reason);
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    /** Every order's statuses, one per applied event, in order. */
    Map<String, List<OrderStatus>> orders() {
        return orders;
    }

    Map<String, CustomerTotals> customers() {
        return customers;
    }

    /** Expected dead letters by the input position they come from ({@link InputRecord#position()}). */
    Map<String, ExpectedLetter> letters() {
        return letters;
    }

    /** How many input records had each outcome. */
    Map<String, Long> outcomes() {
        return outcomes;
    }
}
