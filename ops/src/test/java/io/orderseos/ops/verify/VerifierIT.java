package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier against a real broker and a real app: it passes on what the app made of a stream
 * with every kind of trouble in it, and it fails, naming the check, once the outputs are tampered
 * with the way a broken exactly-once would (a status applied twice, a statistics record repeated,
 * a second dead letter for one input).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifierIT {
    private static final AvroSerde<OrderEvent> SERDE = AvroSerde.orderEvents(Integer.MAX_VALUE);

    @TempDir
    static Path dir;

    private static AppUnderVerification verified;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        verified = AppUnderVerification.start(dir, "verifier-it", 3, Map.of());
        kafka = verified.kafka;
        produceTroubledStream();
    }

    @AfterAll
    static void stop() {
        if (verified != null) {
            verified.close();
        }
    }

    @Test
    @Order(1)
    void passesOnWhatTheAppMade() throws Exception {
        String output = verified.verify(List.of(verified.http()));

        assertThat(output)
                .contains("PASSED: 0 violations")
                .contains("1 from aborted transactions")
                .containsPattern("dead letter DESERIALIZATION=2")
                .containsPattern("dead letter VALIDATION=2")
                .contains("dead letter EVENT_ID_CONFLICT=1")
                .contains("dead letter ILLEGAL_TRANSITION=1")
                .contains("duplicate dropped=1")
                .contains("duplicate intent=1");
    }

    @Test
    @Order(2)
    void failsOnceAnOutputIsDuplicatedNamingTheCheck() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> statuses = kafka.readCommitted("order-status");
        List<ConsumerRecord<byte[], byte[]>> stats = kafka.readCommitted("customer-stats");
        List<ConsumerRecord<byte[], byte[]>> letters = kafka.readCommitted("orders-dlq");
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (var copy : List.of(statuses.get(0), stats.get(0), letters.get(0))) {
                producer.send(new ProducerRecord<>(copy.topic(), null, copy.key(), copy.value(), copy.headers()))
                        .get();
            }
            producer.send(new ProducerRecord<>("order-status", "o-1".getBytes(UTF_8), new byte[] {1, 2, 3}))
                    .get();
        }

        String output = verified.verify(List.of());

        assertThat(output)
                .contains("FAILED")
                .containsPattern("order-status sequences +FAIL")
                .containsPattern("customer-stats sequences +FAIL .*\\n.*applied twice")
                .containsPattern("dead letters +FAIL .*\\n.*a second dead letter")
                .containsPattern("order-status \\d+@\\d+: undecodable value");
    }

    /** Two orders through their life cycles, and one of each kind of trouble. */
    private static void produceTroubledStream() throws Exception {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku-1", 2, "5.00").build();
        OrderEvent paid = Events.paid("o-1", "c-1").build();
        OrderEvent conflict = Events.paid("o-1", "c-1").amount("1.00").build();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            send(producer, "o-1", SERDE.serialize(null, placed));
            send(producer, "o-1", SERDE.serialize(null, placed)); // exact duplicate
            send(producer, "o-1", SERDE.serialize(null, paid));
            send(producer, "o-1", SERDE.serialize(null, conflict)); // same event ID, other payload
            send(
                    producer,
                    "o-1",
                    SERDE.serialize(
                            null,
                            Events.placed("o-1", "c-1")
                                    .eventId("o-1-retry")
                                    .item("sku-1", 2, "5.00")
                                    .build())); // duplicate intent
            send(
                    producer,
                    "o-1",
                    SERDE.serialize(null, Events.delivered("o-1", "c-1").build())); // skips SHIPPED
            send(
                    producer,
                    "o-2",
                    SERDE.serialize(
                            null,
                            Events.placed("o-2", "c-2").item("sku-2", 1, "7.50").build()));
            send(
                    producer,
                    "o-2",
                    SERDE.serialize(null, Events.cancelled("o-2", "c-2").build()));
            send(producer, "o-3", new byte[] {1, 2, 3}); // undecodable
            send(producer, "o-3", new byte[0]); // empty
            send(producer, "o-3", null); // tombstone
            send(
                    producer,
                    "o-4",
                    SERDE.serialize(
                            null,
                            Events.placed("o-5", "c-1").item("sku", 1, "1.00").build()));
        }
        try (KafkaProducer<byte[], byte[]> aborting = transactional()) {
            aborting.initTransactions();
            aborting.beginTransaction();
            aborting.send(new ProducerRecord<>(
                    "orders",
                    "phantom".getBytes(UTF_8),
                    SERDE.serialize(
                            null,
                            Events.placed("phantom", "c-1")
                                    .item("sku", 1, "1.00")
                                    .build())));
            aborting.flush();
            aborting.abortTransaction();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>("orders", key.getBytes(UTF_8), value))
                .get();
    }

    private static KafkaProducer<byte[], byte[]> transactional() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "verifier-it-upstream"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
