package io.orderseos.topology;

import io.orderseos.compat.Encoding;
import io.orderseos.compat.ReleaseDescription;
import io.orderseos.compat.Releases;
import io.orderseos.compat.StoredFormat;
import io.orderseos.compat.StoredFormat.Kind;
import io.orderseos.compat.Subtopology;
import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupKey;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The one definition of how orders-eos stores its state and writes its internal and output topics:
 * the serdes the topology builds its stores and topics with, and the description of them that the
 * compatibility gate compares with the last release ({@link #describe()}). State is API: a store's
 * name, type, key and value formats, and the subtopology it lives in outlive a release.
 *
 * <p>Avro values are written with the current schema, except during a rolling upgrade from a
 * release that wrote an older one: with {@code orders.upgrade.from=<release>} every Avro type is
 * written in the release's version, so that its instances, still running beside this one, read
 * everything this one writes (docs/compatibility.md).
 */
public final class StoredFormats {
    /**
     * Fixed sample values. A format without a schema is pinned in the release descriptions by the
     * bytes these are written as: never change them, or every recorded sample stops matching. They
     * hold characters outside ASCII (two, three and four UTF-8 bytes), so that an encoding that
     * agrees with UTF-8 on ASCII only (modified UTF-8, Latin-1) is told apart.
     */
    static final String SAMPLE_ORDER_ID = "order-1-\u00df\u20ac\ud834\udd1e";

    /** The dedup store's key formats, as descriptions name them. */
    static final String EXACT_DEDUP_KEY = "dedup-key";

    static final String HASHED_DEDUP_KEY = "dedup-hash";

    static final String SAMPLE_CUSTOMER_ID = "customer-1-\u00e9";
    static final DedupKey SAMPLE_DEDUP_KEY = new DedupKey(SAMPLE_ORDER_ID, "event-1-\u00fc");
    static final OrderEvent SAMPLE_EVENT = OrderEvent.newBuilder()
            .setEventId("event-1")
            .setOrderId(SAMPLE_ORDER_ID)
            .setCustomerId(SAMPLE_CUSTOMER_ID)
            .setType(OrderEventType.PLACED)
            .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
            .setAmount(new BigDecimal("12.50"))
            .setCurrency("EUR")
            .setItems(List.of(new LineItem("sku-1", 5, new BigDecimal("2.50"))))
            .build();

    private final OrdersConfig config;
    private final AvroSerde<OrderEvent> events;
    private final AvroSerde<OrderStatus> orderStatus;
    private final AvroSerde<CustomerStats> customerStats;
    private final AvroSerde<OrderTransition> transitions;
    private final AvroSerde<HeldEvents> heldEvents;

    private StoredFormats(OrdersConfig config) {
        this.config = config;
        this.events = AvroSerde.orderEvents(config.inputMaxBytes());
        this.orderStatus = AvroSerde.orderStatus().writing(writer(config, OrderStatus.getClassSchema()));
        this.customerStats = AvroSerde.customerStats().writing(writer(config, CustomerStats.getClassSchema()));
        this.transitions = AvroSerde.orderTransitions().writing(writer(config, OrderTransition.getClassSchema()));
        this.heldEvents = AvroSerde.heldEvents().writing(writer(config, HeldEvents.getClassSchema()));
    }

    /** The formats for {@code config}: its input cap, and {@code orders.upgrade.from} if set. */
    public static StoredFormats of(OrdersConfig config) {
        return new StoredFormats(config);
    }

    /** Keys of the order and customer stores and of the repartition topic: UTF-8 strings. */
    public static Serde<String> stringKeys() {
        return Serdes.String();
    }

    /** Keys of the dedup store: {@link DedupKey#hashed} or {@link DedupKey#exact}, as bytes. */
    public static Serde<Bytes> dedupKeys() {
        return Serdes.Bytes();
    }

    /**
     * Whether the dedup store's new keys are exact rather than hashed: during a rolling upgrade from a
     * release that stored exact keys, whose instances read no other kind.
     */
    public boolean exactDedupKeys() {
        return config.upgradeFrom()
                .flatMap(Releases::describe)
                .flatMap(release -> release.format(DedupProcessor.STORE))
                .map(store -> store.key().format().equals(EXACT_DEDUP_KEY))
                .orElse(false);
    }

    /** Values of the dedup store: payload hashes, 8 bytes big-endian. */
    public static Serde<Long> payloadHashes() {
        return Serdes.Long();
    }

    /**
     * "Same payload" means the same decoded content: the CRC-64-AVRO fingerprint of the event
     * re-encoded with the current schema, so a copy written with an older schema version is still
     * the same event. Always in single-object encoding, whatever the input's wire format: the hash
     * needs no registry, and dedup state stays valid if the wire format changes. The hashes are
     * stored, so the function is part of the dedup store's format. Computed as the event is encoded,
     * without building its bytes.
     */
    public ToLongFunction<OrderEvent> payloadHash() {
        return events::fingerprint64;
    }

    /** Values of the order store and, in single-object mode, of {@code order-status}. */
    public AvroSerde<OrderStatus> orderStatus() {
        return orderStatus;
    }

    /** Values of the customer store and, in single-object mode, of {@code customer-stats}. */
    public AvroSerde<CustomerStats> customerStats() {
        return customerStats;
    }

    /** Values of the reorder buffer's store: an order's held events, as the input records they arrived as. */
    public AvroSerde<HeldEvents> heldEvents() {
        return heldEvents;
    }

    /** Values of the repartition topic. */
    public AvroSerde<OrderTransition> transitions() {
        return transitions;
    }

    /**
     * What the code at hand stores and exchanges with this configuration, as release descriptions
     * record it (release {@code current}, no commit): internal topic names with {@link
     * ReleaseDescription#APPLICATION_ID} for the deployment's application id.
     */
    public ReleaseDescription describe() {
        return new ReleaseDescription("current", null, subtopologies(), formats());
    }

    /** In single-object mode; in registry mode the outputs' schemas are the registry's to govern. */
    private List<StoredFormat> formats() {
        Encoding orderIds = sampled("utf-8", SAMPLE_ORDER_ID, stringKeys());
        Encoding customerIds = sampled("utf-8", SAMPLE_CUSTOMER_ID, stringKeys());
        List<StoredFormat> formats = new ArrayList<>(List.of(
                new StoredFormat(
                        DedupProcessor.STORE,
                        Kind.WINDOW_STORE,
                        changelog(DedupProcessor.STORE),
                        dedupKeyFormats(),
                        new Encoding.Sampled(
                                "payload-hash",
                                "the hash of the sample event (PLACED, event-1 of order-1, 5 x sku-1 at 2.50 EUR)",
                                hex(payloadHashes(), payloadHash().applyAsLong(SAMPLE_EVENT)))),
                new StoredFormat(
                        OrderStateProcessor.STORE,
                        Kind.KEY_VALUE_STORE,
                        changelog(OrderStateProcessor.STORE),
                        orderIds,
                        avro(orderStatus)),
                new StoredFormat(
                        CustomerStatsProcessor.STORE,
                        Kind.KEY_VALUE_STORE,
                        changelog(CustomerStatsProcessor.STORE),
                        customerIds,
                        avro(customerStats)),
                new StoredFormat(
                        OrderTopology.BY_CUSTOMER,
                        Kind.REPARTITION_TOPIC,
                        ReleaseDescription.APPLICATION_ID + "-" + OrderTopology.BY_CUSTOMER + "-repartition",
                        customerIds,
                        avro(transitions)),
                new StoredFormat("orders", Kind.INPUT_TOPIC, config.inputTopic(), orderIds, avro(events)),
                new StoredFormat("order-status", Kind.OUTPUT_TOPIC, config.statusTopic(), orderIds, avro(orderStatus)),
                new StoredFormat(
                        "customer-stats",
                        Kind.OUTPUT_TOPIC,
                        config.customerStatsTopic(),
                        customerIds,
                        avro(customerStats))));
        if (config.reorder().enabled()) {
            formats.add(new StoredFormat(
                    OrderStateProcessor.BUFFER_STORE,
                    Kind.KEY_VALUE_STORE,
                    changelog(OrderStateProcessor.BUFFER_STORE),
                    orderIds,
                    avro(heldEvents)));
        }
        return formats;
    }

    /** As Kafka Streams describes them: internal topics without the application id. */
    private List<Subtopology> subtopologies() {
        List<Subtopology> subtopologies = new ArrayList<>();
        TopologyDescription description;
        try (Topics topics = new Topics(config)) {
            description = OrderTopology.build(config, topics).describe();
        }
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            SortedSet<String> sources = new TreeSet<>();
            SortedSet<String> stores = new TreeSet<>();
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    sources.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            subtopologies.add(new Subtopology(subtopology.id(), sources, stores));
        }
        return subtopologies;
    }

    /**
     * The schema to write {@code current}'s type with: the current one, or with {@code
     * orders.upgrade.from} the version that release wrote (the current one if it had no such type).
     */
    static Schema writer(OrdersConfig config, Schema current) {
        return config.upgradeFrom()
                .flatMap(Releases::describe)
                .flatMap(release -> release.formats().stream()
                        .map(StoredFormat::value)
                        .filter(value -> value instanceof Encoding.Avro avro
                                && avro.type().equals(current.getFullName()))
                        .map(value -> ((Encoding.Avro) value).writes())
                        .findFirst())
                .orElse(current);
    }

    /** The dedup key written, and the other one read ({@link DedupProcessor}). */
    private Encoding.Sampled dedupKeyFormats() {
        String sample = SAMPLE_DEDUP_KEY.toString();
        String exact = HexFormat.of().formatHex(SAMPLE_DEDUP_KEY.exact());
        String hashed = HexFormat.of().formatHex(SAMPLE_DEDUP_KEY.hashed());
        return exactDedupKeys()
                ? new Encoding.Sampled(
                        EXACT_DEDUP_KEY, sample, exact, List.of(new Encoding.Sampled(HASHED_DEDUP_KEY, sample, hashed)))
                : new Encoding.Sampled(
                        HASHED_DEDUP_KEY,
                        sample,
                        hashed,
                        List.of(new Encoding.Sampled(EXACT_DEDUP_KEY, sample, exact)));
    }

    private static String changelog(String store) {
        return changelogTopic(ReleaseDescription.APPLICATION_ID, store);
    }

    /** The changelog topic Kafka Streams gives {@code store} of application {@code applicationId}. */
    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The settings each store asks of its changelog beyond Kafka Streams' own, by store name. Kafka
     * Streams applies them when it creates the topic, never to one that exists.
     */
    public static Map<String, Map<String, String>> changelogConfigs() {
        return Map.of(DedupProcessor.STORE, DedupProcessor.CHANGELOG_CONFIG);
    }

    private static Encoding.Avro avro(AvroSerde<?> serde) {
        return new Encoding.Avro(
                serde.versions().current().getFullName(),
                serde.writerSchema(),
                serde.versions().fingerprints());
    }

    private static <T> Encoding.Sampled sampled(String format, T sample, Serde<T> serde) {
        return new Encoding.Sampled(format, sample.toString(), hex(serde, sample));
    }

    private static <T> String hex(Serde<T> serde, T value) {
        return HexFormat.of().formatHex(serde.serializer().serialize(null, value));
    }
}
