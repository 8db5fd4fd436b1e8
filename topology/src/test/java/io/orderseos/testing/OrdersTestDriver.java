package io.orderseos.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.deadletter.DeadLetterCounts;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.dedup.DedupKey;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.order.ReorderCounts;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.time.FutureTimestamps;
import io.orderseos.topology.OrderTopology;
import io.orderseos.topology.Topics;
import io.orderseos.validate.InputPartitioning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The orders-eos topology in a {@link TopologyTestDriver}, built by the same {@link
 * OrderTopology#build} and {@link OrdersConfig} as production, with typed access to every topic and
 * store:
 *
 * <pre>{@code
 * try (OrdersTestDriver orders = OrdersTestDriver.start()) {
 *     orders.send(Events.placed("o-1", "c-1").item("sku-1", 2, "5.00"));
 *     assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PLACED);
 * }
 * }</pre>
 *
 * Each driver has its own state directory, removed on {@link #close()}. The wall clock that
 * record timestamps are clamped against ({@code orders.timestamp.max.future}) is the system's
 * unless a test passes its own {@link Clock}.
 *
 * <p>The driver runs the topology with the production default, {@code exactly_once_v2}.
 * TopologyTestDriver is single-threaded and never fails: exactly-once itself is proven against real
 * brokers, not here.
 */
public final class OrdersTestDriver implements AutoCloseable {
    private final OrdersConfig config;
    private final Topics topics;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, OrderEvent> orders;
    private final TestInputTopic<byte[], byte[]> rawOrders;
    private final TestOutputTopic<String, OrderStatus> orderStatus;
    private final TestOutputTopic<String, CustomerStats> customerStats;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final DeadLetterCounts deadLetterCounts = new DeadLetterCounts();
    private final ReorderCounts reorderCounts = new ReorderCounts();
    private final InputPartitioning inputPartitioning;
    private int nextGoodRecord;
    private final FutureTimestamps futureTimestamps;

    private OrdersTestDriver(OrdersConfig config, Clock wallClock) {
        this.config = config;
        this.topics = new Topics(config);
        try {
            this.stateDir = Files.createTempDirectory("orders-eos-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = config.kafkaProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(DeadLetterCounts.CONFIG, deadLetterCounts);
        props.put(ReorderCounts.CONFIG, reorderCounts);
        this.inputPartitioning = new InputPartitioning(new SimpleMeterRegistry(), config.misroutedDeadLetter());
        props.put(InputPartitioning.CONFIG, inputPartitioning);
        this.futureTimestamps = new FutureTimestamps(config.timestampMaxFuture(), wallClock);
        props.put(FutureTimestamps.CONFIG, futureTimestamps);
        this.driver = new TopologyTestDriver(OrderTopology.build(config), props, Events.T0);
        this.orders = driver.createInputTopic(
                topics.orders().name(),
                topics.orders().keySerde().serializer(),
                topics.orders().valueSerde().serializer());
        this.rawOrders =
                driver.createInputTopic(topics.orders().name(), new ByteArraySerializer(), new ByteArraySerializer());
        this.orderStatus = driver.createOutputTopic(
                topics.orderStatus().name(),
                topics.orderStatus().keySerde().deserializer(),
                topics.orderStatus().valueSerde().deserializer());
        this.customerStats = driver.createOutputTopic(
                topics.customerStats().name(),
                topics.customerStats().keySerde().deserializer(),
                topics.customerStats().valueSerde().deserializer());
        this.deadLetters = driver.createOutputTopic(
                topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The topology with the default configuration. */
    public static OrdersTestDriver start() {
        return start(OrdersConfig.defaults());
    }

    /** The topology with the defaults overridden by {@code overrides}. */
    public static OrdersTestDriver start(Map<String, String> overrides) {
        return start(OrdersConfig.of(overrides));
    }

    public static OrdersTestDriver start(OrdersConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** The topology with {@code config}, clamping future timestamps against {@code wallClock}. */
    public static OrdersTestDriver start(OrdersConfig config, Clock wallClock) {
        return new OrdersTestDriver(config, wallClock);
    }

    public OrdersConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    /** Sends the built event, keyed by its orderId, with its {@code occurredAt} as record timestamp. */
    public void send(Events.Builder event) {
        send(event.build());
    }

    /** Sends {@code event}, keyed by its orderId, with its {@code occurredAt} as record timestamp. */
    public void send(OrderEvent event) {
        send(event.getOrderId(), event, event.getOccurredAt());
    }

    /** Sends {@code event} under any key (null included) at the given record timestamp. */
    public void send(String key, OrderEvent event, Instant timestamp) {
        orders.pipeInput(new TestRecord<>(key, event, timestamp));
    }

    /** Sends raw bytes to the input topic; a negative timestamp is allowed, as on a real topic. */
    public void sendRaw(byte[] key, byte[] value, long timestamp, Headers headers) {
        rawOrders.pipeInput(new TestRecord<>(key, value, headers, Instant.ofEpochMilli(timestamp)));
    }

    /** Sends raw bytes at {@link Events#T0}. */
    public void sendRaw(byte[] key, byte[] value) {
        sendRaw(key, value, Events.T0.toEpochMilli(), null);
    }

    /**
     * Sends a valid PLACED event of an order not seen before and returns whether it was applied
     * without a dead letter: the check, after a bad record, that processing goes on. Reads (and
     * consumes) the dead letters written so far, so read the bad record's own first.
     */
    public boolean processesTheNextGoodRecord() {
        String orderId = "o-next-" + nextGoodRecord++;
        send(Events.placed(orderId, "c-next").item("sku-1", 1, "1.00").at(Events.T0.plusSeconds(60)));
        return order(orderId) != null && readDeadLetters().isEmpty();
    }

    /** The value bytes the default serde writes for {@code event}. */
    public byte[] encode(OrderEvent event) {
        return topics.orders()
                .valueSerde()
                .serializer()
                .serialize(topics.orders().name(), event);
    }

    /** Reads (and consumes) every record written to {@code order-status} since the last read. */
    public List<KeyValue<String, OrderStatus>> readOrderStatus() {
        return orderStatus.readKeyValuesToList();
    }

    /** Like {@link #readOrderStatus()}, with each record's timestamp and headers. */
    public List<TestRecord<String, OrderStatus>> readOrderStatusRecords() {
        return orderStatus.readRecordsToList();
    }

    /** Reads (and consumes) every record written to {@code customer-stats} since the last read. */
    public List<KeyValue<String, CustomerStats>> readCustomerStats() {
        return customerStats.readKeyValuesToList();
    }

    /** Like {@link #readCustomerStats()}, with each record's timestamp and headers. */
    public List<TestRecord<String, CustomerStats>> readCustomerStatsRecords() {
        return customerStats.readRecordsToList();
    }

    /** Reads (and consumes) every dead letter written since the last read. */
    public List<DeadLetter> readDeadLetters() {
        return deadLetters.readRecordsToList().stream().map(DeadLetter::new).toList();
    }

    /** The order's status in the order store, or null. */
    public OrderStatus order(String orderId) {
        return orderStore().get(orderId);
    }

    /** The customer's statistics in the customer store, or null. */
    public CustomerStats customer(String customerId) {
        return customerStore().get(customerId);
    }

    public KeyValueStore<String, OrderStatus> orderStore() {
        return driver.getKeyValueStore(OrderStateProcessor.STORE);
    }

    public KeyValueStore<String, CustomerStats> customerStore() {
        return driver.getKeyValueStore(CustomerStatsProcessor.STORE);
    }

    public WindowStore<Bytes, Long> dedupStore() {
        return driver.getWindowStore(DedupProcessor.STORE);
    }

    /** The dedup store's key of an event, as this release writes it: hashed. */
    public static Bytes dedupKey(String orderId, String eventId) {
        return Bytes.wrap(new DedupKey(orderId, eventId).hashed());
    }

    /** The total of one of the app's counters ({@link OrdersMetrics}), 0 if never recorded. */
    public long counter(String operation) {
        Map<MetricName, ? extends Metric> metrics = new HashMap<>(driver.metrics());
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(OrdersMetrics.GROUP)
                        && e.getKey().name().equals(operation + "-total"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }

    /**
     * A live view of one of the app's counters ({@link OrdersMetrics}), cheap enough to read after
     * every record: the metrics are looked up once, here.
     */
    public LongSupplier counterReader(String operation) {
        List<Metric> matching = driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(OrdersMetrics.GROUP)
                        && e.getKey().name().equals(operation + "-total"))
                .map(Map.Entry::getValue)
                .map(Metric.class::cast)
                .toList();
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("no counter " + operation);
        }
        return () -> matching.stream()
                .mapToLong(m -> ((Number) m.metricValue()).longValue())
                .sum();
    }

    /** The dead letters the exception handlers wrote, by reason. */
    public long deadLetterCount(DeadLetterReason reason) {
        return deadLetterCounts.count(reason);
    }

    /** Record timestamps clamped to the wall clock plus {@code orders.timestamp.max.future}. */
    /**
     * The check of input partitioning, which checks nothing until told the input's partition count
     * ({@link InputPartitioning#partitions}); the driver's input is one partition, 0.
     */
    public InputPartitioning inputPartitioning() {
        return inputPartitioning;
    }

    /** The reorder buffer's meters: held now, released, expired. */
    public ReorderCounts reorderCounts() {
        return reorderCounts;
    }

    public long timestampsClamped() {
        return futureTimestamps.clampedCount();
    }

    /** Kafka Streams' own count of records dropped by the task (each with a dead letter here). */
    public long droppedRecords() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }

    /** The underlying driver, for anything this class does not cover. */
    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
