package io.orderseos.ops.load;

import static io.orderseos.schemas.OrderEventType.CANCELLED;
import static io.orderseos.schemas.OrderEventType.DELIVERED;
import static io.orderseos.schemas.OrderEventType.PAID;
import static io.orderseos.schemas.OrderEventType.PLACED;
import static io.orderseos.schemas.OrderEventType.SHIPPED;

import io.orderseos.schemas.OrderEventType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The order life cycle as the generator sees it (docs/contract.md, "Order state machine"): which paths an
 * order takes, and which event types are a duplicate intent or an illegal transition in a given
 * state. The generator must know this exactly: it labels each record with what the app will do
 * with it.
 */
final class LifeCycle {
    /** A path through the life cycle and how often orders take it. */
    private record Path(double weight, List<OrderEventType> steps) {}

    /** Most orders are delivered; some are cancelled, some stop early (not paid yet, not shipped yet). */
    private static final List<Path> PATHS = List.of(
            new Path(0.05, List.of(PLACED, CANCELLED)),
            new Path(0.05, List.of(PLACED, PAID, CANCELLED)),
            new Path(0.15, List.of(PLACED, PAID)),
            new Path(0.15, List.of(PLACED, PAID, SHIPPED)),
            new Path(0.60, List.of(PLACED, PAID, SHIPPED, DELIVERED)));

    /** Events per order on average. */
    static final double MEAN_EVENTS = mean(type -> true);

    /** Events per order on average that the v1 schema can write and the app applies (not PLACED: v1 has no items). */
    static final double MEAN_OLD_SCHEMA_CAPABLE = mean(LifeCycle::versionOneCanWrite);

    private static final List<OrderEventType> MAIN_PATH = List.of(PLACED, PAID, SHIPPED, DELIVERED);

    private LifeCycle() {}

    /** A path drawn with the weights above. */
    static List<OrderEventType> path(SplittableRandom random) {
        double dice = random.nextDouble();
        for (Path path : PATHS) {
            dice -= path.weight();
            if (dice < 0) {
                return path.steps();
            }
        }
        return PATHS.get(PATHS.size() - 1).steps();
    }

    /** Whether a valid event of this type can be written with v1: it lacks CANCELLED, and items (so PLACED). */
    static boolean versionOneCanWrite(OrderEventType type) {
        return type == PAID || type == SHIPPED || type == DELIVERED;
    }

    /** Types that are a duplicate intent for an order in {@code state}: a step already reached. */
    static List<OrderEventType> duplicateIntents(OrderEventType state) {
        if (state == CANCELLED) {
            return List.of(CANCELLED);
        }
        return MAIN_PATH.subList(0, MAIN_PATH.indexOf(state) + 1);
    }

    /** Types that are an illegal transition for an order in {@code state}; never empty. */
    static List<OrderEventType> illegalTransitions(OrderEventType state) {
        return switch (state) {
            case CANCELLED -> MAIN_PATH; // nothing follows a cancellation
            case PLACED -> List.of(SHIPPED, DELIVERED); // skips PAID
            case PAID -> List.of(DELIVERED); // skips SHIPPED
            case SHIPPED, DELIVERED -> List.of(CANCELLED); // too late to cancel
        };
    }

    /**
     * Types that are an illegal transition for an order in {@code state} and stay illegal whatever
     * arrives later, so that an app holding early events rejects them too; empty for PLACED and PAID,
     * whose illegal transitions are all early (a skipped step).
     */
    static List<OrderEventType> alwaysIllegal(OrderEventType state) {
        return state == PLACED || state == PAID ? List.of() : illegalTransitions(state);
    }

    /**
     * Whether two adjacent steps of a path, sent swapped, both end applied by an app holding early
     * events: {@code next} is held until {@code step} arrives. Not so for PAID then CANCELLED: the
     * PLACED order takes CANCELLED at once, and PAID after it is illegal.
     */
    static boolean canSwap(OrderEventType step, OrderEventType next) {
        return !(step == PAID && next == CANCELLED);
    }

    private static double mean(Predicate<OrderEventType> counted) {
        return PATHS.stream()
                .mapToDouble(path ->
                        path.weight() * path.steps().stream().filter(counted).count())
                .sum();
    }
}
