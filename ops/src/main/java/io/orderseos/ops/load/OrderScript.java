package io.orderseos.ops.load;

import static io.orderseos.ops.load.RecordKind.ABORTED;
import static io.orderseos.ops.load.RecordKind.CONFLICT;
import static io.orderseos.ops.load.RecordKind.DUPLICATE;
import static io.orderseos.ops.load.RecordKind.DUPLICATE_INTENT;
import static io.orderseos.ops.load.RecordKind.EVENT;
import static io.orderseos.ops.load.RecordKind.ILLEGAL;
import static io.orderseos.ops.load.RecordKind.MISSING_PREDECESSOR;
import static io.orderseos.ops.load.RecordKind.OLD_SCHEMA_EVENT;
import static io.orderseos.ops.load.RecordKind.OUT_OF_ORDER;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.ops.load.LoadOptions.Ratios;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Everything one order sends, drawn from a random generator seeded by (seed, order number) alone,
 * so an order's records do not depend on any other order, on the chunk size or on the count.
 *
 * <p>Records are laid out in rounds: round {@code r} holds the order's step {@code r} of its life
 * cycle (if it has one), then the anomalies placed in that round. Every anomaly comes after what it
 * copies or depends on, right after it or a few rounds later, and none takes a step: what the app
 * must do with each one is known from the order's state at its round. An order sent out of order
 * has steps {@code s + 1} and {@code s} in round {@code s}, in that order, and none in round {@code
 * s + 1}: after round {@code s} it is at step {@code s + 1}.
 */
final class OrderScript {
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final int MAX_DELAY_ROUNDS = 3;
    /** The steps that follow another: what a step whose predecessor never comes can be. */
    private static final List<OrderEventType> LATER_STEPS =
            List.of(OrderEventType.PAID, OrderEventType.SHIPPED, OrderEventType.DELIVERED, OrderEventType.CANCELLED);

    private final SplittableRandom random;
    private final LoadOptions options;
    private final EventCodec codec;
    private final long number;
    private final String orderId;
    private final byte[] key;
    private final List<OrderEventType> path;
    private final Instant placedAt;
    private final OrderEvent placed;
    private final List<OrderEvent> events = new ArrayList<>();
    private final List<LoadRecord> eventRecords = new ArrayList<>();
    private final List<List<LoadRecord>> rounds = new ArrayList<>();
    private int anomalies;
    /** The step sent after its successor, or -1. */
    private int swapped = -1;

    private OrderScript(long number, LoadOptions options, EventCodec codec) {
        this.random = new SplittableRandom(seed(options.seed(), number));
        this.options = options;
        this.codec = codec;
        this.number = number;
        this.orderId = orderId(number);
        this.key = orderId.getBytes(UTF_8);
        String customer = "c-" + random.nextInt(options.customers());
        this.path = LifeCycle.path(random);
        this.placedAt = OrderEvents.EPOCH.plusSeconds(number).plusMillis(random.nextInt(1_000));
        this.placed = OrderEvents.placed(random, orderId, customer, placedAt);
    }

    /** The records of order {@code number}. */
    static OrderScript write(long number, LoadOptions options, EventCodec codec) {
        OrderScript script = new OrderScript(number, options, codec);
        script.writeEvents();
        script.writeAnomalies();
        return script;
    }

    int rounds() {
        return rounds.size();
    }

    /** The records of round {@code round}, in order; empty past the last. */
    List<LoadRecord> round(int round) {
        return round < rounds.size() ? rounds.get(round) : List.of();
    }

    private void writeEvents() {
        Ratios ratios = options.ratios();
        if (ratios.outOfOrder() > 0 && random.nextDouble() < ratios.perOrder(ratios.outOfOrder())) {
            int step = random.nextInt(path.size() - 1);
            swapped = LifeCycle.canSwap(path.get(step), path.get(step + 1)) ? step : 0;
        }
        double oldSchemaChance = ratios.oldSchemaChance();
        for (int step = 0; step < path.size(); step++) {
            OrderEventType type = path.get(step);
            OrderEvent event =
                    step == 0 ? placed : OrderEvents.of(placed, type, OrderEvents.eventId(orderId, type), at(step));
            boolean old = LifeCycle.versionOneCanWrite(type) && random.nextDouble() < oldSchemaChance;
            RecordKind kind = step == swapped + 1 && swapped >= 0 ? OUT_OF_ORDER : old ? OLD_SCHEMA_EVENT : EVENT;
            events.add(event);
            eventRecords.add(record(kind, old ? codec.versionOne(event) : codec.current(event)));
        }
        for (int step = 0; step < path.size(); step++) {
            if (step == swapped) {
                add(step, eventRecords.get(step + 1));
                add(step, eventRecords.get(step));
            } else if (step != swapped + 1 || swapped < 0) {
                add(step, eventRecords.get(step));
            }
        }
    }

    private void writeAnomalies() {
        Ratios ratios = options.ratios();
        repeat(ratios.perOrder(ratios.duplicates()), () -> {
            int step = anyStep();
            add(step + delay(), record(DUPLICATE, eventRecords.get(step).value()));
        });
        repeat(ratios.perOrder(ratios.conflicts()), () -> {
            int step = anyStep();
            add(step + delay(), record(CONFLICT, codec.current(OrderEvents.conflicting(events.get(step), random))));
        });
        repeat(
                ratios.perOrder(ratios.intents()),
                () -> fromState(DUPLICATE_INTENT, LifeCycle::duplicateIntents, "retry"));
        repeat(
                ratios.perOrder(ratios.illegal()),
                options.reorder()
                        ? this::illegalWhenHeld
                        : () -> fromState(ILLEGAL, LifeCycle::illegalTransitions, "illegal"));
        repeat(ratios.perOrder(ratios.malformed()), () -> {
            int step = anyStep();
            RecordKind kind = RecordKind.MALFORMED.get(random.nextInt(RecordKind.MALFORMED.size()));
            add(step + delay(), malformed(kind, step));
        });
        repeat(ratios.perOrder(ratios.aborted()), () -> {
            int step = anyStep();
            add(step + delay(), aborted(step));
        });
        repeat(ratios.perOrder(ratios.missingPredecessor()), this::missingPredecessor);
    }

    /**
     * An illegal transition for an app that holds early events: one that stays illegal (after the
     * order is CANCELLED, SHIPPED or DELIVERED), or for an order that stays PAID a DELIVERED, held
     * for a SHIPPED that never comes. A skipped step whose predecessor comes later would be applied.
     */
    private void illegalWhenHeld() {
        int settled = 0;
        while (settled < path.size()
                && LifeCycle.alwaysIllegal(path.get(settled)).isEmpty()) {
            settled++;
        }
        if (settled == path.size()) {
            int round = path.size() - 1 + delay();
            add(round, record(ILLEGAL, codec.current(anomaly(OrderEventType.DELIVERED, "illegal", round))));
            return;
        }
        int round = settled + random.nextInt(path.size() - settled) + delay();
        List<OrderEventType> candidates = LifeCycle.alwaysIllegal(state(round));
        OrderEventType type = candidates.get(random.nextInt(candidates.size()));
        add(round, record(ILLEGAL, codec.current(anomaly(type, "illegal", round))));
    }

    /** A step of a new order, {@code <orderId>-lost-<n>}, whose PLACED never comes. */
    private void missingPredecessor() {
        int round = anyStep() + delay();
        String lost = orderId + "-lost-" + ++anomalies;
        OrderEvent neverSent = OrderEvents.placed(random, lost, placed.getCustomerId(), at(round));
        OrderEventType type = LATER_STEPS.get(random.nextInt(LATER_STEPS.size()));
        OrderEvent event = OrderEvents.of(neverSent, type, OrderEvents.eventId(lost, type), at(round));
        add(round, new LoadRecord(MISSING_PREDECESSOR, lost.getBytes(UTF_8), codec.current(event)));
    }

    /**
     * An event with a new ID whose type is one of {@code types} given the order's state at the round
     * it lands in: a duplicate intent or an illegal transition, as the state machine will decide.
     */
    private void fromState(RecordKind kind, Function<OrderEventType, List<OrderEventType>> types, String tag) {
        int round = anyStep() + delay();
        List<OrderEventType> candidates = types.apply(state(round));
        OrderEventType type = candidates.get(random.nextInt(candidates.size()));
        add(round, record(kind, codec.current(anomaly(type, tag, round))));
    }

    /** An event of {@code type} with a new ID, at round {@code round}'s time. */
    private OrderEvent anomaly(OrderEventType type, String tag, int round) {
        return OrderEvents.of(placed, type, anomalyId(type, tag), at(round));
    }

    /** The order's state once the events of round {@code round} are applied. */
    private OrderEventType state(int round) {
        return path.get(Math.min(round == swapped ? round + 1 : round, path.size() - 1));
    }

    private LoadRecord malformed(RecordKind kind, int step) {
        byte[] event = eventRecords.get(step).value();
        return switch (kind) {
            case UNDECODABLE -> record(kind, Malformations.undecodable(random));
            case TRUNCATED -> record(kind, Malformations.truncated(event, random));
            case WRONG_MAGIC -> record(kind, Malformations.wrongMagic(event, random));
            case UNKNOWN_SCHEMA -> record(kind, Malformations.unknownSchema(event, random, codec::knows));
            case EMPTY_VALUE -> record(kind, new byte[0]);
            case NULL_VALUE -> record(kind, null);
            case NULL_KEY -> new LoadRecord(kind, null, event);
            case WRONG_KEY -> new LoadRecord(kind, otherOrderKey(), event);
            case INVALID_EVENT ->
                record(
                        kind,
                        codec.current(OrderEvents.breakingARule(
                                placed, anomalyId(OrderEventType.PLACED, "invalid"), random)));
            default -> throw new IllegalArgumentException(kind + " is not a malformed kind");
        };
    }

    /** What the app would take if it saw it: a PLACED of an order that never exists, or a conflicting copy. */
    private LoadRecord aborted(int step) {
        if (random.nextBoolean()) {
            String ghost = orderId + "-aborted-" + ++anomalies;
            OrderEvent event = OrderEvents.placed(random, ghost, placed.getCustomerId(), at(step));
            return new LoadRecord(ABORTED, ghost.getBytes(UTF_8), codec.current(event));
        }
        return record(ABORTED, codec.current(OrderEvents.conflicting(events.get(step), random)));
    }

    /** A new event ID for an anomaly, unique within the order, e.g. {@code o-7-paid-retry-3}. */
    private String anomalyId(OrderEventType type, String tag) {
        return OrderEvents.eventId(orderId, type) + "-" + tag + "-" + ++anomalies;
    }

    /** The key of some other order of this run. */
    private byte[] otherOrderKey() {
        return orderId(number + 1 + random.nextInt(LoadGenerator.ORDERS_PER_CHUNK))
                .getBytes(UTF_8);
    }

    private String orderId(long n) {
        return options.orderPrefix() + "-" + n;
    }

    private Instant at(int round) {
        return placedAt.plus(STEP.multipliedBy(round)).plusSeconds(random.nextInt(300));
    }

    private int anyStep() {
        return random.nextInt(path.size());
    }

    /** Right after the original half of the time, else one to three rounds later. */
    private int delay() {
        return random.nextBoolean() ? 0 : 1 + random.nextInt(MAX_DELAY_ROUNDS);
    }

    /** Runs {@code action} {@code expected} times on average: its whole part, plus one by chance of the rest. */
    private void repeat(double expected, Runnable action) {
        int times = (int) expected;
        if (random.nextDouble() < expected - times) {
            times++;
        }
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    private LoadRecord record(RecordKind kind, byte[] value) {
        return new LoadRecord(kind, key, value);
    }

    private void add(int round, LoadRecord record) {
        while (rounds.size() <= round) {
            rounds.add(new ArrayList<>());
        }
        rounds.get(round).add(record);
    }

    /** A well-mixed seed per order (SplitMix64's finaliser), so neighbouring orders are unrelated. */
    private static long seed(long seed, long number) {
        return mix(mix(seed) + number);
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
