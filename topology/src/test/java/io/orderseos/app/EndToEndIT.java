package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.http.HttpApi;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real KRaft broker under exactly_once_v2: events with exact duplicates, duplicate
 * intents, illegal transitions, an event-ID conflict and malformed records go in; every committed
 * output record and dead letter is read back with read_committed and compared exactly with what
 * the contract says, so a lost or doubled record fails the test.
 */
class EndToEndIT {
    private static final int ORDERS = 30;
    private static final int CUSTOMERS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 3);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyRecordIsAppliedOnceDroppedAsDuplicateOrDeadLettered() throws Exception {
        OrdersConfig config = OrdersConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG,
                "orders-eos-it",
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                "100",
                OrdersConfig.HTTP_PORT,
                "0"));
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(config.inputMaxBytes());
        List<byte[]> badValues = List.of(new byte[] {1, 2, 3}, new byte[0], "{\"json\":true}".getBytes(UTF_8));

        try (OrdersApp app = new OrdersApp(config);
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            app.start();
            Awaitility.await("RUNNING")
                    .atMost(TIMEOUT)
                    .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);

            for (List<OrderEvent> round : rounds()) {
                for (OrderEvent event : round) {
                    byte[] value = serde.serialize("orders", event);
                    send(producer, event.getOrderId(), value);
                    send(producer, event.getOrderId(), value); // an exact duplicate, as an upstream retry would send
                }
            }
            // Duplicate intent: o-2 is PAID already; a new event ID for the same payment.
            send(
                    producer,
                    "o-2",
                    serde.serialize(
                            "orders", Events.paid("o-2", "c-2").eventId("retry").build()));
            // Illegal: DELIVERED skips SHIPPED for o-2; SHIPPED for an order never placed.
            send(
                    producer,
                    "o-2",
                    serde.serialize("orders", Events.delivered("o-2", "c-2").build()));
            send(
                    producer,
                    "o-x",
                    serde.serialize("orders", Events.shipped("o-x", "c-0").build()));
            // Conflict: o-5's PLACED event ID again, with another payload.
            send(
                    producer,
                    "o-5",
                    serde.serialize("orders", placed(5).item("sku-2", 1, "1.00").build()));
            for (byte[] bad : badValues) {
                send(producer, "o-bad", bad);
            }
            send(producer, "o-bad", null);
            producer.flush();

            kafka.awaitConsumed("orders-eos-it", "orders", TIMEOUT);
            Map<String, CustomerStats> expectedStats = expectedCustomerStats();
            Awaitility.await("customer-stats final values").atMost(TIMEOUT).until(() -> latest(
                            kafka.readCommitted("customer-stats"), AvroSerde.customerStats())
                    .equals(expectedStats));

            assertOrderStatus(kafka.readCommitted("order-status"));
            assertThat(kafka.readCommitted("customer-stats"))
                    .as("one customer-stats record per applied transition")
                    .hasSize(appliedTransitions());
            assertDeadLetters(kafka.readCommitted("orders-dlq"), badValues);
            assertHttpAnswers(app);
        }
    }

    @Test
    void missingTopicsStopTheStartWithAClearMessage() throws Exception {
        OrdersConfig config = config("orders-eos-missing").with(Map.of(OrdersConfig.INPUT_TOPIC, "no-such-orders"));
        try (OrdersApp app = new OrdersApp(config)) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing topics [no-such-orders]")
                    .hasMessageContaining(OrdersConfig.TOPICS_AUTO_CREATE);
        }
    }

    @Test
    void autoCreateCreatesTheMissingTopics() throws Exception {
        OrdersConfig config = config("orders-eos-auto")
                .with(Map.of(
                        OrdersConfig.INPUT_TOPIC, "auto-orders",
                        OrdersConfig.STATUS_TOPIC, "auto-status",
                        OrdersConfig.CUSTOMER_STATS_TOPIC, "auto-stats",
                        OrdersConfig.DLQ_TOPIC, "auto-dlq",
                        OrdersConfig.TOPICS_AUTO_CREATE, "true",
                        OrdersConfig.TOPICS_PARTITIONS, "2"));
        try (OrdersApp app = new OrdersApp(config)) {
            app.start();
            Awaitility.await("RUNNING")
                    .atMost(TIMEOUT)
                    .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        }
        assertThat(kafka.partitions("auto-orders")).isEqualTo(2);
        assertThat(kafka.partitions("auto-status")).isEqualTo(2);
        assertThat(kafka.partitions("auto-dlq")).isEqualTo(2);
    }

    private OrdersConfig config(String applicationId) {
        return OrdersConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId,
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                "100",
                OrdersConfig.HTTP_PORT,
                "0"));
    }

    /** The same state through the HTTP API, and the app's counters through /metrics. */
    private static void assertHttpAnswers(OrdersApp app) throws Exception {
        Http http = new Http(app.httpPort());

        Http.Response order = http.get("/orders/o-3");
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.header(HttpApi.SERVED_BY)).isEqualTo("localhost:" + app.httpPort());
        assertThat(order.json())
                .containsEntry("orderId", "o-3")
                .containsEntry("customerId", "c-3")
                .containsEntry("status", "DELIVERED")
                .containsEntry("amount", "4.00")
                .containsEntry("currency", "EUR")
                .containsEntry("placedAt", "2026-01-01T00:00:00Z")
                .containsEntry("updatedAt", "2026-01-01T00:00:03Z")
                .containsEntry("lastEventId", "o-3-delivered");

        Http.Response customer = http.get("/customers/c-1");
        assertThat(customer.status()).isEqualTo(200);
        assertThat(customer.json())
                .containsEntry("ordersPlaced", 6)
                .containsEntry("ordersCancelled", 2)
                .containsEntry("placedAmount", Map.of("EUR", "87.00"));

        assertThat(http.get("/orders/o-unknown").status()).isEqualTo(404);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/health/live").status()).isEqualTo(200);

        // Read before the scrape: every processor node of every task, all created after the binder was bound.
        Set<String> nodes = processorNodes(app.streams().metrics().keySet().stream()
                .filter(name -> name.group().equals("stream-processor-node-metrics")
                        && name.name().equals("process-total"))
                .map(MetricName::tags));
        Http.Response scrape = http.get("/metrics");
        assertThat(scrape.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String metrics = scrape.body();
        assertThat(nodes).isNotEmpty();
        assertThat(processorNodes(metrics.lines()
                        .filter(line -> line.startsWith("kafka_stream_processor_node_process_total{"))
                        .map(EndToEndIT::labels)))
                .as("each task's processor nodes, as Micrometer's KafkaStreamsMetrics names them")
                .containsAll(nodes);
        // Every event was sent twice: 90 exact duplicates, and the one retried payment a duplicate intent.
        assertThat(Http.metricTotal(metrics, "kafka_stream_orders_duplicates_dropped_total"))
                .isEqualTo(90);
        assertThat(Http.metricTotal(metrics, "kafka_stream_orders_duplicate_intents_total"))
                .isEqualTo(1);
        assertThat(Http.metricTotal(metrics, "kafka_stream_orders_events_applied_total"))
                .isEqualTo(appliedTransitions());
        assertThat(metrics.lines())
                .contains(
                        "orders_dead_letters_total{reason=\"DESERIALIZATION\"} 3.0",
                        "orders_dead_letters_total{reason=\"VALIDATION\"} 1.0",
                        "orders_dead_letters_total{reason=\"ILLEGAL_TRANSITION\"} 2.0",
                        "orders_dead_letters_total{reason=\"EVENT_ID_CONFLICT\"} 1.0",
                        "orders_dead_letters_total{reason=\"OVERSIZE\"} 0.0",
                        "orders_timestamps_clamped_total 0.0");
    }

    private static Set<String> processorNodes(Stream<Map<String, String>> tags) {
        return tags.map(tag -> tag.get("task-id") + " " + tag.get("processor-node-id"))
                .collect(Collectors.toSet());
    }

    /** The labels of a line of the exposition, named as Kafka names the tags ({@code task_id} is {@code task-id}). */
    private static Map<String, String> labels(String line) {
        Map<String, String> labels = new HashMap<>();
        Matcher label = Pattern.compile("([a-z_]+)=\"([^\"]*)\"").matcher(line.substring(0, line.indexOf('}')));
        while (label.find()) {
            labels.put(label.group(1).replace('_', '-'), label.group(2));
        }
        return labels;
    }

    /** Per order: PLACED; then PAID; then o-0, o-3, ... are shipped and delivered, o-1, o-4, ... cancelled. */
    private static List<List<OrderEvent>> rounds() {
        List<List<OrderEvent>> rounds = new ArrayList<>();
        rounds.add(each(i -> true, EndToEndIT::placed, OrderEventType.PLACED));
        rounds.add(each(i -> true, null, OrderEventType.PAID));
        rounds.add(each(i -> i % 3 == 0, null, OrderEventType.SHIPPED));
        rounds.add(each(i -> i % 3 == 0, null, OrderEventType.DELIVERED));
        rounds.add(each(i -> i % 3 == 1, null, OrderEventType.CANCELLED));
        return rounds;
    }

    private static List<OrderEvent> each(
            java.util.function.IntPredicate which,
            java.util.function.IntFunction<Events.Builder> builder,
            OrderEventType type) {
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            if (which.test(i)) {
                Events.Builder event = builder != null ? builder.apply(i) : Events.of(type, "o-" + i, customer(i));
                events.add(event.at(Events.T0.plusSeconds(type.ordinal())).build());
            }
        }
        return events;
    }

    private static Events.Builder placed(int i) {
        return Events.placed("o-" + i, customer(i)).item("sku-1", 1, (i + 1) + ".00");
    }

    private static String customer(int i) {
        return "c-" + (i % CUSTOMERS);
    }

    private static OrderState finalState(int i) {
        return switch (i % 3) {
            case 0 -> OrderState.DELIVERED;
            case 1 -> OrderState.CANCELLED;
            default -> OrderState.PAID;
        };
    }

    private static List<OrderState> path(int i) {
        return switch (i % 3) {
            case 0 -> List.of(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED, OrderState.DELIVERED);
            case 1 -> List.of(OrderState.PLACED, OrderState.PAID, OrderState.CANCELLED);
            default -> List.of(OrderState.PLACED, OrderState.PAID);
        };
    }

    private static int appliedTransitions() {
        int count = 0;
        for (int i = 0; i < ORDERS; i++) {
            count += path(i).size();
        }
        return count;
    }

    /** The reference model of the customer aggregate, written from the contract, not from the code. */
    private static Map<String, CustomerStats> expectedCustomerStats() {
        Map<String, CustomerStats> stats = new TreeMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            long placed = 0, paid = 0, shipped = 0, delivered = 0, cancelled = 0;
            java.time.Instant lastEventAt = java.time.Instant.EPOCH;
            BigDecimal placedAmount = BigDecimal.ZERO.setScale(2);
            BigDecimal paidAmount = BigDecimal.ZERO.setScale(2);
            for (int i = c; i < ORDERS; i += CUSTOMERS) {
                BigDecimal amount = new BigDecimal((i + 1) + ".00");
                placed++;
                paid++;
                placedAmount = placedAmount.add(amount);
                OrderEventType last =
                        OrderEventType.valueOf(path(i).get(path(i).size() - 1).name());
                java.time.Instant at = Events.T0.plusSeconds(last.ordinal());
                lastEventAt = at.isAfter(lastEventAt) ? at : lastEventAt;
                paidAmount = paidAmount.add(amount);
                if (finalState(i) == OrderState.DELIVERED) {
                    shipped++;
                    delivered++;
                } else if (finalState(i) == OrderState.CANCELLED) {
                    cancelled++;
                    paidAmount = paidAmount.subtract(amount);
                }
            }
            stats.put(
                    "c-" + c,
                    new CustomerStats(
                            "c-" + c,
                            placed,
                            paid,
                            shipped,
                            delivered,
                            cancelled,
                            Map.of("EUR", placedAmount),
                            Map.of("EUR", paidAmount),
                            lastEventAt));
        }
        return stats;
    }

    private static void assertOrderStatus(List<ConsumerRecord<byte[], byte[]>> records) {
        AvroSerde<OrderStatus> serde = AvroSerde.orderStatus();
        Map<String, List<OrderState>> history = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            history.computeIfAbsent(new String(record.key(), UTF_8), k -> new ArrayList<>())
                    .add(serde.deserialize("order-status", record.value()).getStatus());
        }
        Map<String, List<OrderState>> expected = new TreeMap<>();
        for (int i = 0; i < ORDERS; i++) {
            expected.put("o-" + i, path(i));
        }
        assertThat(history)
                .as("every applied transition exactly once, in order")
                .isEqualTo(expected);
    }

    private static void assertDeadLetters(List<ConsumerRecord<byte[], byte[]>> records, List<byte[]> badValues) {
        Map<String, Long> reasons = records.stream()
                .collect(
                        Collectors.groupingBy(r -> header(r, DeadLetters.REASON), TreeMap::new, Collectors.counting()));
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        DeadLetterReason.DESERIALIZATION.name(), 3L,
                        DeadLetterReason.VALIDATION.name(), 1L,
                        DeadLetterReason.ILLEGAL_TRANSITION.name(), 2L,
                        DeadLetterReason.EVENT_ID_CONFLICT.name(), 1L));
        List<byte[]> undecodable = records.stream()
                .filter(r -> header(r, DeadLetters.REASON).equals(DeadLetterReason.DESERIALIZATION.name()))
                .map(ConsumerRecord::value)
                .toList();
        assertThat(undecodable).containsExactlyElementsOf(badValues);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(header(record, DeadLetters.TOPIC)).isEqualTo("orders");
            assertThat(header(record, DeadLetters.PARTITION)).isNotNull();
            assertThat(header(record, DeadLetters.OFFSET)).isNotNull();
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Map<String, T> latest(
            List<ConsumerRecord<byte[], byte[]>> records, AvroSerde<T> serde) {
        Map<String, T> latest = new HashMap<>();
        records.forEach(r -> latest.put(new String(r.key(), UTF_8), serde.deserialize(r.topic(), r.value())));
        return new TreeMap<>(latest);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) {
        producer.send(new ProducerRecord<>("orders", key.getBytes(UTF_8), value));
    }
}
