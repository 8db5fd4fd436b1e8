package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.serde.RegistryAvroSerde;
import io.orderseos.testing.ApicurioRegistry;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry mode against a real Apicurio Registry (a child process, from Maven Central's
 * distribution) and a real KRaft broker: the Confluent wire format round trip, schema evolution
 * under a BACKWARD rule, the topology end to end with a record written by an older producer and
 * malformed ones, and a registry outage, which must never produce a dead letter.
 */
class RegistryModeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The test's own producer and readers wait longer than the app: they are not what is tested. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(1);

    private static final Schema V1 =
            AvroSerde.orderEvents(Integer.MAX_VALUE).versions().history().get(0);

    @TempDir
    static Path registryData;

    private static EmbeddedKafka kafka;
    private static ApicurioRegistry registry;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        registry = ApicurioRegistry.in(registryData);
        Duration started = registry.start();
        System.out.printf(
                "Apicurio Registry (REST API v%d) ready in %.1f s at %s%n",
                registry.apiVersion(), started.toMillis() / 1000.0, registry.apiUrl());
        kafka = EmbeddedKafka.start();
        // A fresh registry's first answers are slow (its JIT is cold): warm it up, so the app's own,
        // shorter, timeout measures the registry and not its start.
        try (RegistryAvroSerde<OrderEvent> writer = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT);
                RegistryAvroSerde<OrderEvent> reader =
                        RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT)) {
            OrderEvent event =
                    Events.placed("o-0", "c-0").item("sku-0", 1, "1.00").build();
            reader.deserialize("warm-up", writer.serialize("warm-up", event));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void valuesRoundTripInTheConfluentWireFormat() throws Exception {
        OrderEvent event = Events.placed("o-1", "c-1").item("sku-1", 2, "5.00").build();
        byte[] value;
        try (RegistryAvroSerde<OrderEvent> writer = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT)) {
            value = writer.serialize("rt-orders", event);
            assertThat(writer.deserialize("rt-orders", value)).isEqualTo(event);
        }
        assertThat(value[0]).as("magic byte").isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        // The id is one the Confluent-compatible API serves too, and names the whole schema (no references).
        HttpResponse<String> schema = registry.schemaById(id);
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(jsonField(schema.body(), "schema")))
                .isEqualTo(OrderEvent.getClassSchema());
        // A reader that has never seen the id fetches it.
        try (RegistryAvroSerde<OrderEvent> reader = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT)) {
            assertThat(reader.deserialize("rt-orders", value)).isEqualTo(event);
        }
    }

    @Test
    void aCompatibleEvolutionIsAcceptedAndAnIncompatibleOneRejected() throws Exception {
        String topic = "evolving-orders";
        registry.setCompatibility(topic + "-value", "BACKWARD");
        OrderEvent paid = Events.paid("o-1", "c-1").build();
        try (RegistryAvroSerde<OrderEvent> serde = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT)) {
            byte[] old = serde.serializeWith(topic, paid, V1);
            byte[] current = serde.serialize(topic, paid);
            int v1 = ByteBuffer.wrap(old, 1, 4).getInt();
            int v2 = ByteBuffer.wrap(current, 1, 4).getInt();
            assertThat(v2).as("the current schema is a new version").isNotEqualTo(v1);
            // An old producer's record is read with the current schema.
            assertThat(serde.deserialize(topic, old)).isEqualTo(paid);

            // A new required field without a default cannot read the old records: refused.
            Schema incompatible = withRequiredField(OrderEvent.getClassSchema());
            HttpResponse<String> refused = registry.register(topic + "-value", incompatible.toString());
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("Incompatible");
            // The same refusal through the serde is bad data for the writer, not an unavailable registry.
            assertThatThrownBy(() -> serde.serializeWith(topic, withPriority(paid, incompatible), incompatible))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("refused the schema of OrderEvent for topic " + topic);
        }
    }

    @Test
    void theTopologyRunsEndToEndInRegistryMode() throws Exception {
        Names topics = Names.of("reg");
        kafka.createTopics(topics.orders, topics.status, topics.stats, topics.dlq, 3);
        OrdersConfig config = config(topics, "orders-eos-registry");
        Map<String, byte[]> bad = new LinkedHashMap<>();
        try (OrdersApp app = new OrdersApp(config);
                RegistryAvroSerde<OrderEvent> serde = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT);
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            app.start();
            awaitRunning(app);
            int eventSchema = ByteBuffer.wrap(
                            serde.serialize(
                                    topics.orders, Events.placed("x", "x").build()),
                            1,
                            4)
                    .getInt();
            byte[] placed = serde.serialize(
                    topics.orders,
                    Events.placed("o-1", "c-1").item("sku-1", 2, "5.00").build());
            List<OrderEvent> o2 = List.of(
                    Events.placed("o-2", "c-1").item("sku-2", 1, "3.00").build(),
                    Events.cancelled("o-2", "c-1").at(Events.T0.plusSeconds(3)).build());
            List<byte[]> o1 = List.of(
                    placed,
                    placed, // an exact duplicate
                    serde.serializeWith(
                            topics.orders,
                            Events.paid("o-1", "c-1")
                                    .at(Events.T0.plusSeconds(1))
                                    .build(),
                            V1), // written by a producer still on v1
                    serde.serialize(
                            topics.orders,
                            Events.shipped("o-1", "c-1")
                                    .at(Events.T0.plusSeconds(2))
                                    .build()));
            o1.forEach(value -> send(producer, topics.orders, "o-1", value));
            o2.forEach(event -> send(producer, topics.orders, "o-2", serde.serialize(topics.orders, event)));

            byte[] good =
                    serde.serialize(topics.orders, Events.placed("o-bad", "c-9").build());
            bad.put(
                    "single-object encoding",
                    AvroSerde.orderEvents(1 << 20)
                            .serialize(
                                    topics.orders, Events.placed("o-bad", "c-9").build()));
            bad.put("unknown schema id", withId(good, 999_999));
            bad.put("truncated body", Arrays.copyOf(good, good.length - 3));
            bad.put("trailing bytes", Arrays.copyOf(good, good.length + 2));
            bad.put("empty value", new byte[0]);
            bad.put("hostile length prefix", hostile(eventSchema));
            int statusSchema;
            try (RegistryAvroSerde<OrderStatus> statusSerde = RegistryAvroSerde.orderStatus(client(), CLIENT_TIMEOUT)) {
                statusSchema = statusSerde.resolve(topics.status, TIMEOUT);
            }
            bad.put("another type's schema", withId(good, statusSchema));
            for (byte[] value : bad.values()) {
                send(producer, topics.orders, "o-bad", value);
            }
            producer.flush();

            kafka.awaitConsumed("orders-eos-registry", topics.orders, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> status = kafka.readCommitted(topics.status);
            List<ConsumerRecord<byte[], byte[]>> stats = kafka.readCommitted(topics.stats);
            List<ConsumerRecord<byte[], byte[]>> letters = kafka.readCommitted(topics.dlq);

            try (RegistryAvroSerde<OrderStatus> statusSerde = RegistryAvroSerde.orderStatus(client(), CLIENT_TIMEOUT);
                    RegistryAvroSerde<CustomerStats> statsSerde =
                            RegistryAvroSerde.customerStats(client(), CLIENT_TIMEOUT)) {
                Map<String, List<OrderState>> history = new LinkedHashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : status) {
                    assertThat(record.value()[0])
                            .as("order-status in the registry's wire format")
                            .isZero();
                    history.computeIfAbsent(new String(record.key(), UTF_8), k -> new ArrayList<>())
                            .add(statusSerde
                                    .deserialize(topics.status, record.value())
                                    .getStatus());
                }
                assertThat(history)
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                "o-1", List.of(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED),
                                "o-2", List.of(OrderState.PLACED, OrderState.CANCELLED)));
                assertThat(stats).hasSize(5);
                CustomerStats last = statsSerde.deserialize(
                        topics.stats, stats.get(stats.size() - 1).value());
                assertThat(last.getOrdersPlaced()).isEqualTo(2);
                assertThat(last.getOrdersPaid()).isEqualTo(1);
                assertThat(last.getOrdersShipped()).isEqualTo(1);
                assertThat(last.getOrdersCancelled()).isEqualTo(1);
                assertThat(last.getPlacedAmount()).isEqualTo(Map.of("EUR", new BigDecimal("13.00")));
            }

            assertThat(letters).hasSize(bad.size());
            List<String> details = new ArrayList<>();
            for (int i = 0; i < letters.size(); i++) {
                ConsumerRecord<byte[], byte[]> letter = letters.get(i);
                assertThat(header(letter, DeadLetters.REASON)).isEqualTo(DeadLetterReason.DESERIALIZATION.name());
                assertThat(letter.key()).isEqualTo("o-bad".getBytes(UTF_8));
                assertThat(letter.value())
                        .as("dead letter %d byte-identical", i)
                        .isEqualTo(new ArrayList<>(bad.values()).get(i));
                details.add(header(letter, DeadLetters.DETAIL));
            }
            assertThat(details)
                    .satisfiesExactly(
                            d -> assertThat(d).startsWith("not the registry's wire format: expected magic byte 00"),
                            d -> assertThat(d).startsWith("unknown schema id 999999"),
                            d -> assertThat(d).startsWith("cannot decode OrderEvent written with schema id"),
                            d -> assertThat(d).startsWith("trailing bytes after a OrderEvent"),
                            d -> assertThat(d).startsWith("empty value"),
                            d -> assertThat(d)
                                    .contains("cannot decode OrderEvent")
                                    .contains("String length"),
                            d -> assertThat(d).contains("io.orderseos.schemas.OrderStatus) is not a readable version"));
        }
    }

    @Test
    void aRegistryOutageIsNeverDeadLettered() throws Exception {
        Names topics = Names.of("outage");
        kafka.createTopics(topics.orders, topics.status, topics.stats, topics.dlq, 1);
        OrdersConfig config = config(topics, "orders-eos-outage");
        try (RegistryAvroSerde<OrderEvent> serde = RegistryAvroSerde.orderEvents(client(), 1 << 20, CLIENT_TIMEOUT);
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            // Written while the registry is up: its schema id (v1's) is one the app has not seen.
            byte[] paid =
                    serde.serializeWith(topics.orders, Events.paid("o-1", "c-1").build(), V1);
            try (OrdersApp app = new OrdersApp(config)) {
                app.start();
                awaitRunning(app);
                send(
                        producer,
                        topics.orders,
                        "o-1",
                        serde.serialize(
                                topics.orders,
                                Events.placed("o-1", "c-1")
                                        .item("sku-1", 1, "2.00")
                                        .build()));
                producer.flush();
                Awaitility.await("PLACED applied")
                        .atMost(TIMEOUT)
                        .until(() -> kafka.readCommitted(topics.status).size() == 1);

                registry.stop();
                send(producer, topics.orders, "o-1", paid);
                producer.flush();
                // Each try waits for the registry, fails as a fault and its thread is replaced; three
                // deaths in ten minutes stop the instance, by design, rather than loop silently.
                assertThat(app.awaitStop(Duration.ofMinutes(3)))
                        .as("the instance stops")
                        .isTrue();
                assertThat(app.awaitStop()).as("stopped as failed").isFalse();
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.ERROR);
            }
            assertThat(kafka.readCommitted(topics.dlq))
                    .as("no dead letter for an unavailable registry")
                    .isEmpty();
            assertThat(kafka.readCommitted(topics.status)).hasSize(1);

            registry.start();
            try (OrdersApp app = new OrdersApp(config)) {
                app.start();
                awaitRunning(app);
                kafka.awaitConsumed("orders-eos-outage", topics.orders, TIMEOUT);
            }
        }
        try (RegistryAvroSerde<OrderStatus> statusSerde = RegistryAvroSerde.orderStatus(client(), CLIENT_TIMEOUT)) {
            assertThat(kafka.readCommitted(topics.status))
                    .extracting(r ->
                            statusSerde.deserialize(topics.status, r.value()).getStatus())
                    .as("the record is processed after the restart, once")
                    .containsExactly(OrderState.PLACED, OrderState.PAID);
        }
        assertThat(kafka.readCommitted(topics.dlq)).isEmpty();
    }

    private record Names(String orders, String status, String stats, String dlq) {
        static Names of(String prefix) {
            return new Names(prefix + "-orders", prefix + "-status", prefix + "-stats", prefix + "-dlq");
        }
    }

    private OrdersConfig config(Names topics, String applicationId) {
        return OrdersConfig.of(Map.ofEntries(
                Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, applicationId),
                Map.entry(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()),
                Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"),
                Map.entry(OrdersConfig.HTTP_PORT, "0"),
                Map.entry(OrdersConfig.INPUT_TOPIC, topics.orders),
                Map.entry(OrdersConfig.STATUS_TOPIC, topics.status),
                Map.entry(OrdersConfig.CUSTOMER_STATS_TOPIC, topics.stats),
                Map.entry(OrdersConfig.DLQ_TOPIC, topics.dlq),
                Map.entry(OrdersConfig.SERDE, OrdersConfig.REGISTRY),
                Map.entry(OrdersConfig.REGISTRY_URL, registry.apiUrl())));
    }

    private static Map<String, String> client() {
        return Map.of(RegistryAvroSerde.REGISTRY_URL, registry.apiUrl());
    }

    private static void awaitRunning(OrdersApp app) {
        Awaitility.await("RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(UTF_8), value));
    }

    private static byte[] withId(byte[] value, int id) {
        byte[] copy = value.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    /** A header naming the event schema, then a string length prefix claiming 1 GiB. */
    private static byte[] hostile(int id) {
        return ByteBuffer.allocate(RegistryAvroSerde.HEADER_LENGTH + 5)
                .put(RegistryAvroSerde.MAGIC_BYTE)
                .putInt(id)
                .put(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08})
                .array();
    }

    private static Schema withRequiredField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "required, no default"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static org.apache.avro.generic.GenericRecord withPriority(OrderEvent event, Schema schema) {
        org.apache.avro.generic.GenericData.Record record = new org.apache.avro.generic.GenericData.Record(schema);
        for (Schema.Field field : OrderEvent.getClassSchema().getFields()) {
            record.put(field.name(), event.get(field.pos()));
        }
        record.put("priority", 1);
        return record;
    }

    private static String jsonField(String json, String field) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)
                .get(field)
                .asText();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
