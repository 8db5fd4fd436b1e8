package io.orderseos.order;

import io.orderseos.schemas.internal.OrderTransition;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the order stage emits: a transition for the outputs, or the dead letter of an event it held. */
public sealed interface OrderStageOutput {

    /** An applied change of an order. */
    record Transition(OrderTransition transition) implements OrderStageOutput {}

    /** An event the stage held and then rejected: its dead letter, for the dead-letter topic. */
    record Letter(ProducerRecord<byte[], byte[]> letter) implements OrderStageOutput {}
}
