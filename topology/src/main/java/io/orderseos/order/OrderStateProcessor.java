package io.orderseos.order;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.order.OrderStateMachine.Apply;
import io.orderseos.order.OrderStateMachine.Decision;
import io.orderseos.order.OrderStateMachine.DuplicateIntent;
import io.orderseos.order.OrderStateMachine.Illegal;
import io.orderseos.order.OrderStateMachine.WrongCustomer;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.topology.Stages;
import io.orderseos.topology.StoredFormats;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Third stage: applies each new event to its order through {@link OrderStateMachine}, keeps the
 * order's status in a key-value store (orderId → {@link OrderStatus}) and forwards each applied
 * change as an {@link OrderTransition}. Duplicate intents are counted and dropped; illegal
 * transitions are rejected as {@code ILLEGAL_TRANSITION}, an event naming another customer as
 * {@code VALIDATION}.
 */
public final class OrderStateProcessor implements FixedKeyProcessor<String, OrderEvent, OrderTransition> {
    /** Name of the order store (and of its changelog). API: renaming it loses the state. */
    public static final String STORE = "order-status-store";

    private FixedKeyProcessorContext<String, OrderTransition> context;
    private KeyValueStore<String, OrderStatus> store;
    private Sensor applied;
    private Sensor duplicateIntents;

    /**
     * The stage and its store, for {@code KStream#processValues}. The store is cached: reads of
     * orders active within a commit come from memory, and only the last status of each commit reaches
     * the changelog; every transition is still forwarded.
     */
    public static FixedKeyProcessorSupplier<String, OrderEvent, OrderTransition> supplier(Serde<OrderStatus> serde) {
        StoreBuilder<KeyValueStore<String, OrderStatus>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), StoredFormats.stringKeys(), serde)
                .withCachingEnabled();
        return Stages.withStore(store, OrderStateProcessor::new);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, OrderTransition> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.applied = OrdersMetrics.sensor(context, OrdersMetrics.APPLIED);
        this.duplicateIntents = OrdersMetrics.sensor(context, OrdersMetrics.DUPLICATE_INTENTS);
    }

    @Override
    public void process(FixedKeyRecord<String, OrderEvent> record) {
        OrderEvent event = record.value();
        Decision decision = OrderStateMachine.decide(store.get(event.getOrderId()), event);
        if (decision instanceof Apply apply) {
            store.put(event.getOrderId(), apply.next());
            applied.record();
            // Outputs carry no input headers: an order-status or customer-stats record is state that
            // many events made, and a producer's headers (forged provenance, thousands of them) must
            // neither travel to the outputs' readers nor make an output too large to send.
            context.forward(record.withValue(new OrderTransition(apply.previous(), apply.next()))
                    .withHeaders(new RecordHeaders()));
        } else if (decision instanceof DuplicateIntent) {
            duplicateIntents.record();
        } else if (decision instanceof Illegal rejection) {
            throw new RejectedEventException(DeadLetterReason.ILLEGAL_TRANSITION, rejection.detail());
        } else if (decision instanceof WrongCustomer rejection) {
            throw new RejectedEventException(DeadLetterReason.VALIDATION, rejection.detail());
        }
    }
}
