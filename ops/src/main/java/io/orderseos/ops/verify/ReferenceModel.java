package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.verify.WaitingEvents.Waiting;
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
import java.util.LinkedHashMap;
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
 * of the record's partition: the largest record timestamp seen so far, undecodable records included
 * (a negative one counts as the event's {@code occurredAt} if it decodes, else as no move).
 * A record {@code dlq-replay} sent back (header {@code orders.replay.origin}) passes dedup although
 * its event is remembered, to be decided again; a plain copy is still a duplicate.
 *
 * <p>With {@code orders.reorder.window} set, an early event is held in the same stream time, and
 * released, expired or bounded as "Events out of order" says; what is still held at the end of the
 * input is the outcome {@value #HELD}, neither applied nor a dead letter. The wall-clock bound
 * ({@code orders.reorder.wall.max}, an hour) is left out: a run that stood still that long cannot
 * be checked against its input alone.
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
    static final String HELD = "held";

    /** A dead letter the input calls for. */
    record ExpectedLetter(InputRecord input, String reason) {}

    private record Seen(long firstSeen, OrderEvent event) {}

    /** What the state machine makes of an event, before the reorder buffer has its say. */
    private enum Decision {
        APPLY,
        DUPLICATE_INTENT,
        EARLY,
        ILLEGAL,
        WRONG_CUSTOMER
    }

    private final long windowMs;
    private final int inputMaxBytes;
    private final OrdersConfig.Reorder reorder;
    private final long reorderWindowMs;
    private final AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private final Map<Integer, Long> streamTime = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, List<OrderStatus>> orders = new HashMap<>();
    private final Map<String, CustomerTotals> customers = new HashMap<>();
    private final Map<String, ExpectedLetter> letters = new LinkedHashMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<Integer, WaitingEvents> buffers = new TreeMap<>();

    /** @param reorder the app's reorder buffer settings; a zero window turns it off */
    ReferenceModel(Duration dedupWindow, int inputMaxBytes, OrdersConfig.Reorder reorder) {
        this.windowMs = dedupWindow.toMillis();
        this.inputMaxBytes = inputMaxBytes;
        this.reorder = reorder;
        this.reorderWindowMs = reorder.window().toMillis();
    }

    void accept(InputRecord record) {
        byte[] value = record.value();
        boolean oversize = value != null && value.length > inputMaxBytes;
        OrderEvent event = null;
        boolean undecodable = false;
        if (value != null && !oversize) {
            try {
                event = serde.deserialize(null, value);
            } catch (RuntimeException e) {
                undecodable = true;
            }
        }
        // Every input record moves stream time, an undecodable one too (with its own timestamp).
        long now = advanceStreamTime(record, event);
        // The key is decoded first, and strictly: one that is not UTF-8 is undecodable.
        if (record.key() != null && !isUtf8(record.key())) {
            reject(record, DESERIALIZATION);
            return;
        }
        if (oversize) {
            reject(record, OVERSIZE);
            return;
        }
        if (undecodable) {
            reject(record, DESERIALIZATION);
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), UTF_8);
        if (event == null || !ContractRules.valid(key, event)) {
            reject(record, VALIDATION);
            return;
        }
        String dedupKey = event.getOrderId() + '\u0000' + event.getEventId();
        Seen before = seen.get(dedupKey);
        boolean live = before != null && now - before.firstSeen() < windowMs;
        if (live && !before.event().equals(event)) {
            reject(record, EVENT_ID_CONFLICT);
            return;
        }
        if (live && !record.replayed()) {
            count("duplicate dropped");
            return;
        }
        if (!live) {
            seen.put(dedupKey, new Seen(now, event));
        }
        transition(record, event, now);
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

    /**
     * The order state machine of the contract, on an event that passed validation and dedup at
     * stream time {@code now}: with a reorder window, held events that waited it out are rejected
     * first, an early event is held, and an applied one releases its order's held events.
     */
    private void transition(InputRecord record, OrderEvent event, long now) {
        WaitingEvents waiting = buffers.computeIfAbsent(record.partition(), p -> new WaitingEvents());
        if (reorderWindowMs > 0) {
            for (Waiting due : waiting.takeDue(now, reorderWindowMs)) {
                reject(due.record(), ILLEGAL_TRANSITION);
            }
        }
        Decision decision = decide(event);
        switch (decision) {
            case APPLY -> {
                apply(event);
                release(event.getOrderId(), waiting);
            }
            case EARLY -> {
                if (reorderWindowMs > 0
                        && waiting.of(event.getOrderId()).size() < reorder.maxPerOrder()
                        && waiting.count() < reorder.maxHeld()) {
                    waiting.hold(new Waiting(record, event, now));
                } else {
                    reject(record, ILLEGAL_TRANSITION);
                }
            }
            default -> decided(record, decision);
        }
    }

    /**
     * Tries the order's held events oldest first: the first that is no longer early is decided (and
     * if applied, its own outputs follow), then the try starts again, until none is decided.
     */
    private void release(String orderId, WaitingEvents waiting) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Waiting candidate : waiting.of(orderId)) {
                Decision decision = decide(candidate.event());
                if (decision != Decision.EARLY) {
                    waiting.remove(candidate);
                    if (decision == Decision.APPLY) {
                        apply(candidate.event());
                    } else {
                        decided(candidate.record(), decision);
                    }
                    changed = true;
                    break;
                }
            }
        }
    }

    /** What the contract's table says for {@code event} given its order's current status. */
    private Decision decide(OrderEvent event) {
        OrderStatus current = current(event.getOrderId());
        OrderEventType type = event.getType();
        if (current == null) {
            return type == OrderEventType.PLACED ? Decision.APPLY : Decision.EARLY;
        }
        if (!current.getCustomerId().equals(event.getCustomerId())) {
            return Decision.WRONG_CUSTOMER;
        }
        OrderState state = current.getStatus();
        if (state == OrderState.CANCELLED) {
            return type == OrderEventType.CANCELLED ? Decision.DUPLICATE_INTENT : Decision.ILLEGAL;
        }
        if (type == OrderEventType.CANCELLED) {
            return state == OrderState.PLACED || state == OrderState.PAID ? Decision.APPLY : Decision.ILLEGAL;
        }
        if (rank(type) <= rank(state)) {
            return Decision.DUPLICATE_INTENT;
        }
        return rank(type) == rank(state) + 1 ? Decision.APPLY : Decision.EARLY;
    }

    /** A decision that neither applies nor holds: counted, or a dead letter. */
    private void decided(InputRecord record, Decision decision) {
        switch (decision) {
            case DUPLICATE_INTENT -> count("duplicate intent");
            case WRONG_CUSTOMER -> reject(record, VALIDATION);
            default -> reject(record, ILLEGAL_TRANSITION);
        }
    }

    private OrderStatus current(String orderId) {
        List<OrderStatus> history = orders.get(orderId);
        return history == null ? null : history.get(history.size() - 1);
    }

    private void apply(OrderEvent event) {
        OrderStatus current = current(event.getOrderId());
        OrderStatus next = current == null
                ? placed(event)
                : advanced(current, OrderState.valueOf(event.getType().name()), event);
        orders.computeIfAbsent(next.getOrderId(), id -> new ArrayList<>()).add(next);
        customers
                .computeIfAbsent(next.getCustomerId(), CustomerTotals::new)
                .apply(
                        current == null ? null : current.getStatus(),
                        next.getStatus(),
                        next.getCurrency(),
                        next.getAmount(),
                        next.getUpdatedAt());
        count("applied");
    }

    /** Position on the main path PLACED, PAID, SHIPPED, DELIVERED. */
    private static int rank(Enum<?> step) {
        return List.of("PLACED", "PAID", "SHIPPED", "DELIVERED").indexOf(step.name());
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

    /** Expected dead letters by the input position they come from ({@link InputRecord#position()}), as decided. */
    Map<String, ExpectedLetter> letters() {
        return letters;
    }

    /** The records still held at the end of the input, by partition, each by orderId then arrival. */
    Map<Integer, List<Waiting>> held() {
        Map<Integer, List<Waiting>> held = new TreeMap<>();
        buffers.forEach((partition, waiting) -> {
            if (waiting.count() > 0) {
                held.put(partition, waiting.all());
            }
        });
        return held;
    }

    /** How many input records had each outcome; {@value #HELD}: still held at the end of the input. */
    Map<String, Long> outcomes() {
        Map<String, Long> all = new TreeMap<>(outcomes);
        long held = buffers.values().stream().mapToLong(WaitingEvents::count).sum();
        if (held > 0) {
            all.put(HELD, held);
        }
        return all;
    }
}
