package io.orderseos.ops.producers;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Places three orders on the {@code orders} topic: the {@code OrderEvent} class generated from
 * OrderEvent.avsc, Avro's own {@link BinaryMessageEncoder} (single-object encoding) and Kafka's
 * producer, whose default partitioner is the murmur2 the app relies on.
 *
 * <p>Usage: {@code JavaProducer BOOTSTRAP_SERVERS ORDER_PREFIX}
 */
public final class JavaProducer {
    private JavaProducer() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String prefix = args[1];
        // C3 01, the CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form, the binary body.
        BinaryMessageEncoder<OrderEvent> encoder = OrderEvent.getEncoder();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        String[][] orders = {{"12.5", "6.25"}, {"12", "6"}, {"0.5", "0.25"}};
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < orders.length; i++) {
                String orderId = prefix + "-" + (i + 1);
                OrderEvent event = OrderEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOrderId(orderId)
                        .setCustomerId(prefix + "-customer")
                        .setType(OrderEventType.PLACED)
                        .setOccurredAt(Instant.now())
                        // decimal(18,2): scale 2 (Avro rescales 12.5 itself, but refuses to round a third digit).
                        .setAmount(new BigDecimal(orders[i][0]).setScale(2))
                        .setCurrency("EUR")
                        .setItems(List.of(new LineItem("sku-1", 2, new BigDecimal(orders[i][1]).setScale(2))))
                        .build();
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                encoder.encode(event, value);
                RecordMetadata sent = producer.send(new ProducerRecord<>("orders", orderId, value.toByteArray()))
                        .get();
                System.out.println(orderId + " partition " + sent.partition() + " offset " + sent.offset());
            }
        }
    }
}
