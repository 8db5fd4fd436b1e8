package io.orderseos.order;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.HeldLetters;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.order.OrderStateMachine.Apply;
import io.orderseos.order.OrderStateMachine.Decision;
import io.orderseos.order.OrderStateMachine.DuplicateIntent;
import io.orderseos.order.OrderStateMachine.Early;
import io.orderseos.order.OrderStateMachine.Illegal;
import io.orderseos.order.OrderStateMachine.WrongCustomer;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvent;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.topology.StoredFormats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Third stage: applies each new event to its order through {@link OrderStateMachine}, keeps the
 * order's status in a key-value store (orderId → {@link OrderStatus}) and emits each applied change
 * as an {@link OrderTransition}. Duplicate intents are counted and dropped; illegal transitions are
 * rejected as {@code ILLEGAL_TRANSITION}, an event naming another customer as {@code VALIDATION}.
 *
 * <p>With {@code orders.reorder.window} set, an <em>early</em> event (its previous step has not
 * arrived) is held in the {@link ReorderBuffer} instead of rejected. Each applied event releases the
 * order's held events that have become decidable, oldest first, each with its own outputs. Before an
 * event is decided, the held events whose window of stream time has passed are rejected, as the
 * input records they arrived as ({@link OrderStageOutput.Letter}); so are events held longer than
 * {@code orders.reorder.wall.max} of wall-clock time, checked on a wall-clock schedule for a
 * partition whose stream time stands still.
 */
public final class OrderStateProcessor implements Processor<String, OrderEvent, String, OrderStageOutput> {
    /** Name of the order store (and of its changelog). API: renaming it loses the state. */
    public static final String STORE = "order-status-store";
    /** Name of the reorder buffer's store (and of its changelog), present with the buffer on. */
    public static final String BUFFER_STORE = ReorderBuffer.STORE;

    private final OrdersConfig.Reorder reorder;
    private final Deserializer<OrderEvent> events;
    private final String inputTopic;
    private final String node;
    private ProcessorContext<String, OrderStageOutput> context;
    private KeyValueStore<String, OrderStatus> store;
    private ReorderBuffer buffer;
    private HeldLetters letters;
    private ReorderCounts counts;
    private Sensor applied;
    private Sensor duplicateIntents;

    private OrderStateProcessor(
            OrdersConfig.Reorder reorder, Deserializer<OrderEvent> events, String inputTopic, String node) {
        this.reorder = reorder;
        this.events = events;
        this.inputTopic = inputTopic;
        this.node = node;
    }

    /**
     * The stage and its stores, for {@code KStream#process}. The order store is cached: reads of
     * orders active within a commit come from memory, and only the last status of each commit reaches
     * the changelog; every transition is still emitted. The buffer's store exists only with the
     * buffer on, so that turning it off leaves the topology as it was.
     *
     * @param events decodes a held event again when it is decided: the input topic's deserializer
     * @param node the stage's processor name, which its dead letters name as where they failed
     */
    public static ProcessorSupplier<String, OrderEvent, String, OrderStageOutput> supplier(
            Serde<OrderStatus> statusSerde,
            Serde<HeldEvents> heldSerde,
            OrdersConfig.Reorder reorder,
            Deserializer<OrderEvent> events,
            String inputTopic,
            String node) {
        Set<StoreBuilder<?>> stores = new HashSet<>();
        stores.add(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), StoredFormats.stringKeys(), statusSerde)
                .withCachingEnabled());
        if (reorder.enabled()) {
            stores.add(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(BUFFER_STORE), StoredFormats.stringKeys(), heldSerde));
        }
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, OrderEvent, String, OrderStageOutput> get() {
                return new OrderStateProcessor(reorder, events, inputTopic, node);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, OrderStageOutput> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.applied = OrdersMetrics.sensor(context, OrdersMetrics.APPLIED);
        this.duplicateIntents = OrdersMetrics.sensor(context, OrdersMetrics.DUPLICATE_INTENTS);
        if (reorder.enabled()) {
            this.counts = ReorderCounts.from(context.appConfigs());
            this.buffer = new ReorderBuffer(context.getStateStore(BUFFER_STORE), reorder, counts);
            this.letters = HeldLetters.from(context.appConfigs());
            Duration every = reorder.wallMax().dividedBy(10);
            context.schedule(
                    every.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : every,
                    PunctuationType.WALL_CLOCK_TIME,
                    now -> expire(buffer.takeStale(now), now));
        }
    }

    @Override
    public void process(Record<String, OrderEvent> record) {
        if (buffer != null) {
            expire(buffer.takeDue(context.currentStreamTimeMs()), record.timestamp());
        }
        OrderEvent event = record.value();
        String orderId = event.getOrderId();
        Decision decision = OrderStateMachine.decide(store.get(orderId), event);
        if (decision instanceof Apply apply) {
            apply(orderId, apply, record.timestamp());
            release(orderId, apply.next(), record.timestamp());
        } else if (decision instanceof DuplicateIntent) {
            duplicateIntents.record();
        } else if (decision instanceof Early early) {
            hold(orderId, event, early);
        } else if (decision instanceof Illegal rejection) {
            throw new RejectedEventException(DeadLetterReason.ILLEGAL_TRANSITION, rejection.detail());
        } else if (decision instanceof WrongCustomer rejection) {
            throw new RejectedEventException(DeadLetterReason.VALIDATION, rejection.detail());
        }
    }

    private void apply(String orderId, Apply apply, long timestamp) {
        store.put(orderId, apply.next());
        applied.record();
        // Outputs carry no input headers: an order-status or customer-stats record is state that
        // many events made, and a producer's headers (forged provenance, thousands of them) must
        // neither travel to the outputs' readers nor make an output too large to send.
        context.forward(new Record<>(
                orderId,
                new OrderStageOutput.Transition(new OrderTransition(apply.previous(), apply.next())),
                timestamp,
                new RecordHeaders()));
    }

    /** Holds the early event in process, or rejects it at once if the buffer is off or full. */
    private void hold(String orderId, OrderEvent event, Early early) {
        if (buffer == null) {
            throw new RejectedEventException(DeadLetterReason.ILLEGAL_TRANSITION, early.detail());
        }
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        String noRoom = buffer.noRoom(orderId, partition);
        if (noRoom != null) {
            throw new RejectedEventException(
                    DeadLetterReason.ILLEGAL_TRANSITION, early.detail() + "; not held: " + noRoom);
        }
        buffer.hold(
                orderId,
                HeldRecord.capture(
                        context, event, context.currentStreamTimeMs(), context.currentSystemTimeMs(), early.awaited()));
    }

    /**
     * Decides the held events of an order that has just changed to {@code status}: oldest first, the
     * first that applies is applied, and the scan starts again, until none does. Those now decided
     * otherwise (a duplicate intent, illegal, another customer's) are decided as if they arrived now;
     * those still early stay.
     */
    private void release(String orderId, OrderStatus status, long timestamp) {
        List<HeldEvent> held = buffer == null ? List.of() : buffer.of(orderId);
        if (held.isEmpty()) {
            return;
        }
        List<HeldEvent> remaining = new ArrayList<>(held);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (HeldEvent candidate : remaining) {
                Decision decision = OrderStateMachine.decide(status, decode(candidate));
                if (decision instanceof Early) {
                    continue;
                }
                remaining.remove(candidate);
                changed = true;
                counts.released();
                if (decision instanceof Apply apply) {
                    apply(orderId, apply, timestamp);
                    status = apply.next();
                } else if (decision instanceof DuplicateIntent) {
                    duplicateIntents.record();
                } else if (decision instanceof Illegal rejection) {
                    reject(orderId, candidate, DeadLetterReason.ILLEGAL_TRANSITION, rejection.detail(), timestamp);
                } else if (decision instanceof WrongCustomer rejection) {
                    reject(orderId, candidate, DeadLetterReason.VALIDATION, rejection.detail(), timestamp);
                }
                break;
            }
        }
        buffer.keep(orderId, remaining, held.size());
    }

    /** Rejects events that waited too long, as the records they arrived as. */
    private void expire(List<ReorderBuffer.Expired> expired, long timestamp) {
        for (ReorderBuffer.Expired due : expired) {
            // The held record says its type: no decoding (and no registry call) to reject it.
            String detail = "order " + due.orderId() + ": " + due.event().getType() + " waited "
                    + (due.byWallClock()
                            ? reorder.wallMax() + " of wall-clock time (its partition's stream time stood still)"
                            : reorder.window() + " of stream time")
                    + " for " + due.event().getAwaited() + ", which did not arrive";
            reject(due.orderId(), due.event(), DeadLetterReason.ILLEGAL_TRANSITION, detail, timestamp);
        }
    }

    private void reject(String orderId, HeldEvent held, DeadLetterReason reason, String detail, long timestamp) {
        ProducerRecord<byte[], byte[]> letter =
                letters.reject(new HeldRecord(held, node, context.taskId()), reason, detail);
        context.forward(new Record<>(
                orderId,
                new OrderStageOutput.Letter(letter),
                letter.timestamp() == null ? timestamp : letter.timestamp(),
                letter.headers()));
    }

    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
        }
    }

    private OrderEvent decode(HeldEvent held) {
        return events.deserialize(inputTopic, HeldRecord.bytes(held.getValue()));
    }
}
