package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.app.TopicOffsets;
import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.verify.ReferenceModel.ExpectedLetter;
import io.orderseos.ops.verify.WaitingEvents.Waiting;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The exactly-once verifier: recomputes from the committed input what orders-eos must have
 * produced ({@link ReferenceModel}) and compares it with what the committed outputs and the HTTP
 * API of every instance say.
 *
 * <p>Outputs carry their own sequence numbers, so a duplicate or a gap cannot hide: an order gets
 * one {@code order-status} record per applied event, and every {@code customer-stats} record adds
 * exactly one to the sum of the customer's counts (1, 2, 3, ...).
 */
public final class Verifier {
    /** What to verify and how. */
    public record Settings(
            Map<String, Object> clientConfig,
            OrdersConfig app,
            List<String> httpInstances,
            int httpSample,
            Duration drainTimeout,
            boolean compacted,
            int maxExamples) {}

    static final String DRAINED = "input drained";
    static final String OPEN_TRANSACTIONS = "no hanging transactions";
    static final String ORDER_SEQUENCES = "order-status sequences";
    static final String ORDER_FINAL = "order-status final values";
    static final String CUSTOMER_SEQUENCES = "customer-stats sequences";
    static final String CUSTOMER_FINAL = "customer-stats final values";
    static final String LETTERS = "dead letters";
    static final String ABORTED = "aborted input ignored";
    static final String HELD = "held at the end";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final PrintStream out;
    private final Report report;

    public Verifier(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.report = new Report(settings.maxExamples());
    }

    /** Runs every check and prints the report; true when nothing is wrong. */
    public boolean verify() throws Exception {
        OrdersConfig app = settings.app();
        report.checked(DRAINED);
        new Drain(settings.clientConfig(), app, out)
                .await(settings.drainTimeout())
                .ifPresent(problem -> report.violation(DRAINED, problem));
        TopicReader reader = new TopicReader(settings.clientConfig(), READ_TIMEOUT);
        ReferenceModel model = new ReferenceModel(app.dedupWindow(), app.inputMaxBytes(), app.reorder());
        Set<String> committed = new HashSet<>();
        reader.read(app.inputTopic(), IsolationLevel.READ_COMMITTED, record -> {
            InputRecord input = input(record);
            committed.add(input.position());
            model.accept(input);
        });
        Map<String, InputRecord> aborted = new HashMap<>();
        reader.read(app.inputTopic(), IsolationLevel.READ_UNCOMMITTED, record -> {
            InputRecord input = input(record);
            if (!committed.contains(input.position())) {
                aborted.put(input.position(), input);
            }
        });
        out.printf(
                "input: %,d committed records, %,d from aborted transactions; expected: %s%n",
                committed.size(), aborted.size(), model.outcomes());
        Set<String> abortedKeys = keys(aborted.values());

        Map<String, List<OrderStatus>> statuses = checkOrders(reader, model, abortedKeys);
        checkCustomers(reader, model);
        Set<String> lettered = checkDeadLetters(reader, model, aborted);
        checkHeld(model, statuses, lettered);
        try (Admin admin = Admin.create(settings.clientConfig())) {
            List<String> outputs = List.of(app.statusTopic(), app.customerStatsTopic(), app.dlqTopic());
            Set<TopicPartition> open = TopicOffsets.withOpenTransactions(admin, outputs);
            report.checked(OPEN_TRANSACTIONS, outputs.size());
            open.forEach(tp -> report.violation(OPEN_TRANSACTIONS, tp + ": last stable offset behind high watermark"));
        }
        for (String instance : settings.httpInstances()) {
            out.printf(
                    "asking %s for %s order and customer%n",
                    instance,
                    settings.httpSample() > 0 ? "a sample of " + settings.httpSample() + " of each" : "every");
            new HttpCheck(instance, settings.httpSample(), report).check(model, abortedKeys);
        }
        out.println("Checks");
        report.print(out);
        return report.passed();
    }

    /** Violations found by the last {@link #verify()}. */
    public long violations() {
        return report.violations();
    }

    /** Checks every order's statuses against the model's; returns them, by orderId. */
    private Map<String, List<OrderStatus>> checkOrders(
            TopicReader reader, ReferenceModel model, Set<String> abortedKeys) {
        AvroSerde<OrderStatus> serde = AvroSerde.orderStatus();
        Map<String, List<OrderStatus>> actual = new HashMap<>();
        reader.read(settings.app().statusTopic(), IsolationLevel.READ_COMMITTED, record -> {
            OrderStatus status = decode(serde, record, ORDER_SEQUENCES);
            if (status != null) {
                actual.computeIfAbsent(key(record), k -> new ArrayList<>()).add(status);
            }
        });
        for (Map.Entry<String, List<OrderStatus>> entry : model.orders().entrySet()) {
            String order = entry.getKey();
            List<OrderStatus> expected = entry.getValue();
            List<OrderStatus> got = actual.getOrDefault(order, List.of());
            report.checked(ORDER_FINAL);
            OrderStatus last = got.isEmpty() ? null : got.get(got.size() - 1);
            if (!expected.get(expected.size() - 1).equals(last)) {
                report.violation(
                        ORDER_FINAL, order + ": expected " + expected.get(expected.size() - 1) + " but was " + last);
            }
            if (!settings.compacted()) {
                report.checked(ORDER_SEQUENCES);
                if (!expected.equals(got)) {
                    report.violation(ORDER_SEQUENCES, order + ": " + sequenceDiff(expected, got));
                }
            }
        }
        actual.keySet().stream()
                .filter(order -> !model.orders().containsKey(order))
                .forEach(order -> report.violation(
                        ORDER_FINAL,
                        order + ": has a status but no committed input applies to it"
                                + (abortedKeys.contains(order)
                                        ? " (only an aborted upstream transaction names it)"
                                        : "")));
        return actual;
    }

    private static String sequenceDiff(List<OrderStatus> expected, List<OrderStatus> got) {
        List<String> want = expected.stream().map(OrderStatus::getLastEventId).toList();
        List<String> have = got.stream().map(OrderStatus::getLastEventId).toList();
        if (want.equals(have)) {
            return "same events " + want + " but different values";
        }
        String what = have.size() > want.size() ? "applied more than once or extra" : "a gap or a lost update";
        return what + ": expected events " + want + ", output has " + have;
    }

    private void checkCustomers(TopicReader reader, ReferenceModel model) {
        AvroSerde<CustomerStats> serde = AvroSerde.customerStats();
        Map<String, CustomerStats> last = new HashMap<>();
        Map<String, Long> position = new HashMap<>();
        reader.read(settings.app().customerStatsTopic(), IsolationLevel.READ_COMMITTED, record -> {
            String customer = key(record);
            CustomerStats stats = decode(serde, record, CUSTOMER_SEQUENCES);
            if (stats == null) {
                return;
            }
            long previous = position.getOrDefault(customer, 0L);
            long now = CustomerTotals.transitions(stats);
            if (!settings.compacted()) {
                report.checked(CUSTOMER_SEQUENCES);
                if (now != previous + 1) {
                    report.violation(
                            CUSTOMER_SEQUENCES,
                            customer + " at " + record.partition() + "@" + record.offset() + ": counts sum to " + now
                                    + " after " + previous
                                    + (now <= previous ? " (a transition applied twice)" : " (a gap)"));
                }
            }
            position.put(customer, now);
            last.put(customer, stats);
        });
        for (Map.Entry<String, CustomerTotals> entry : model.customers().entrySet()) {
            report.checked(CUSTOMER_FINAL);
            CustomerStats actual = last.get(entry.getKey());
            if (actual == null) {
                report.violation(CUSTOMER_FINAL, entry.getKey() + ": no customer-stats record");
                continue;
            }
            List<String> differences = entry.getValue().differences(actual);
            if (!differences.isEmpty()) {
                report.violation(CUSTOMER_FINAL, entry.getKey() + ": " + differences);
            }
        }
        last.keySet().stream()
                .filter(customer -> !model.customers().containsKey(customer))
                .forEach(customer ->
                        report.violation(CUSTOMER_FINAL, customer + ": has statistics but no applied event"));
    }

    /** Checks the dead letters against the model's; returns the input positions that have one. */
    private Set<String> checkDeadLetters(TopicReader reader, ReferenceModel model, Map<String, InputRecord> aborted) {
        String input = settings.app().inputTopic();
        int maxBytes = settings.app().dlqMaxBytes();
        Set<String> seen = new HashSet<>();
        reader.read(settings.app().dlqTopic(), IsolationLevel.READ_COMMITTED, letter -> {
            String where = "letter " + letter.partition() + "@" + letter.offset();
            String position =
                    header(letter, "__streams.errors.partition") + "@" + header(letter, "__streams.errors.offset");
            if (!input.equals(header(letter, "__streams.errors.topic"))) {
                report.violation(LETTERS, where + ": provenance topic is " + header(letter, "__streams.errors.topic"));
                return;
            }
            if (!seen.add(position)) {
                report.violation(LETTERS, where + ": a second dead letter for input " + position);
                return;
            }
            ExpectedLetter expected = model.letters().get(position);
            if (expected == null) {
                report.violation(
                        aborted.containsKey(position) ? ABORTED : LETTERS,
                        where + ": input " + position + " should not be dead-lettered ("
                                + (aborted.containsKey(position)
                                        ? "it belongs to an aborted upstream transaction"
                                        : "reason given: " + header(letter, "orders.dlq.reason"))
                                + ")");
                return;
            }
            checkLetter(where, letter, expected, maxBytes);
        });
        for (String position : model.letters().keySet()) {
            if (!seen.contains(position)) {
                report.checked(LETTERS);
                report.violation(
                        LETTERS,
                        "input " + position + ": no dead letter (expected "
                                + model.letters().get(position).reason() + ")");
            }
        }
        report.checked(ABORTED, aborted.size());
        return seen;
    }

    /**
     * The records the model still holds at the end of the input must be neither applied (no status
     * names their event) nor dead letters, and with a reorder window the instances must hold as many
     * ({@link HeldGauge}).
     */
    private void checkHeld(ReferenceModel model, Map<String, List<OrderStatus>> statuses, Set<String> lettered)
            throws InterruptedException {
        long held = 0;
        for (Map.Entry<Integer, List<Waiting>> partition : model.held().entrySet()) {
            for (Waiting waiting : partition.getValue()) {
                held++;
                report.checked(HELD);
                String position = waiting.record().position();
                String eventId = waiting.event().getEventId();
                if (lettered.contains(position)) {
                    report.violation(HELD, "input " + position + " is still held, but has a dead letter");
                }
                if (statuses.getOrDefault(waiting.event().getOrderId(), List.of()).stream()
                        .anyMatch(status -> status.getLastEventId().equals(eventId))) {
                    report.violation(
                            HELD, "input " + position + " is still held, but event " + eventId + " is applied");
                }
            }
        }
        out.printf("held at the end of the input: %,d%n", held);
        // Without a window nothing is held, and an app older than the buffer has no such gauge.
        if (settings.app().reorder().enabled() && !settings.httpInstances().isEmpty()) {
            report.checked(HELD);
            String mismatch = new HeldGauge(settings.httpInstances()).mismatch(held);
            if (mismatch != null) {
                report.violation(HELD, mismatch);
            }
        }
    }

    private void checkLetter(
            String where, ConsumerRecord<byte[], byte[]> letter, ExpectedLetter expected, int maxBytes) {
        report.checked(LETTERS);
        List<String> wrong = new ArrayList<>();
        if (!expected.reason().equals(header(letter, "orders.dlq.reason"))) {
            wrong.add("reason " + header(letter, "orders.dlq.reason") + ", expected " + expected.reason());
        }
        byte[] key = expected.input().key();
        String keyTruncated = header(letter, "orders.dlq.key.truncated");
        if (keyTruncated == null
                ? !Arrays.equals(key, letter.key())
                : key == null
                        || letter.key() == null
                        || letter.key().length >= key.length
                        || !keyTruncated.equals(String.valueOf(key.length))
                        || !Arrays.equals(Arrays.copyOf(key, letter.key().length), letter.key())) {
            // A key too long to send with its dead letter is cut and flagged; otherwise it is intact.
            wrong.add("key differs from the input's");
        }
        byte[] original = expected.input().value();
        byte[] value = original != null && original.length > maxBytes ? Arrays.copyOf(original, maxBytes) : original;
        if (!Arrays.equals(value, letter.value())) {
            wrong.add("value differs from the input's");
        }
        String truncated = header(letter, "orders.dlq.truncated");
        String expectedTruncated = value == original ? null : String.valueOf(original.length);
        if (expectedTruncated == null ? truncated != null : !expectedTruncated.equals(truncated)) {
            wrong.add("truncation header " + truncated + ", expected " + expectedTruncated);
        }
        if (!wrong.isEmpty()) {
            report.violation(LETTERS, where + " for input " + expected.input().position() + ": " + wrong);
        }
    }

    /** The record's value, or null after reporting it under {@code check} when it is not a valid one. */
    private <T extends SpecificRecord> T decode(
            AvroSerde<T> serde, ConsumerRecord<byte[], byte[]> record, String check) {
        try {
            T value = serde.deserialize(null, record.value());
            if (value != null) {
                return value;
            }
        } catch (RuntimeException e) {
            report.violation(
                    check,
                    record.topic() + " " + record.partition() + "@" + record.offset() + ": undecodable value: "
                            + e.getMessage());
            return null;
        }
        report.violation(check, record.topic() + " " + record.partition() + "@" + record.offset() + ": null value");
        return null;
    }

    private static InputRecord input(ConsumerRecord<byte[], byte[]> record) {
        return new InputRecord(
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value(),
                record.headers().lastHeader("orders.replay.origin") != null);
    }

    /** The record keys (orderIds) named by {@code records}. */
    private static Set<String> keys(Iterable<InputRecord> records) {
        Set<String> keys = new HashSet<>();
        for (InputRecord record : records) {
            if (record.key() != null) {
                keys.add(new String(record.key(), UTF_8));
            }
        }
        return keys;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }
}
