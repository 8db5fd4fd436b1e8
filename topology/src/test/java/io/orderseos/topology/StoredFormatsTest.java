package io.orderseos.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.compat.Encoding;
import io.orderseos.compat.ReleaseDescription;
import io.orderseos.compat.Releases;
import io.orderseos.compat.StoredFormat;
import io.orderseos.compat.StoredFormat.Kind;
import io.orderseos.config.OrdersConfig;
import io.orderseos.dedup.DedupKey;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The description the compatibility gate compares is the topology as it runs: every store is in it
 * with the type its instance has, and every record the topology writes to a changelog, the
 * repartition topic or an output is in a described topic and decodes in the described format.
 */
class StoredFormatsTest {
    private static final OrdersConfig CONFIG = OrdersConfig.defaults();
    private final ReleaseDescription described = StoredFormats.of(CONFIG).describe();

    @Test
    void everyStoreIsDescribedWithTheTypeItsInstanceHas() {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology :
                OrderTopology.build(CONFIG).describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        List<StoredFormat> describedStores =
                described.formats().stream().filter(f -> f.kind().isStore()).toList();

        assertThat(describedStores).extracting(StoredFormat::name).containsExactlyInAnyOrderElementsOf(stores);
        try (OrdersTestDriver orders = OrdersTestDriver.start(CONFIG)) {
            for (StoredFormat store : describedStores) {
                assertThat(kindOf(orders.driver().getAllStateStores().get(store.name())))
                        .as(store.name())
                        .isEqualTo(store.kind());
            }
        }
    }

    @Test
    void everyRecordWrittenIsInADescribedTopicAndDecodesAsDescribed() {
        try (OrdersTestDriver orders = OrdersTestDriver.start(CONFIG)) {
            orders.send(Events.placed("o-1", "c-1").item("sku-1", 2, "5.00"));
            orders.send(Events.paid("o-1", "c-1"));
            orders.send(Events.cancelled("o-1", "c-1"));
            orders.send(Events.placed("o-2", "c-2").item("sku-2", 1, "7.25"));

            Map<String, StoredFormat> byTopic = described.formats().stream()
                    .filter(f -> f.kind().writtenByTheApp())
                    .collect(Collectors.toMap(
                            f -> f.topic().replace(ReleaseDescription.APPLICATION_ID, CONFIG.applicationId()), f -> f));
            Set<String> written = new HashSet<>(orders.driver().producedTopicNames());
            written.remove(CONFIG.dlqTopic());

            assertThat(written).containsExactlyInAnyOrderElementsOf(byTopic.keySet());
            for (String topic : written) {
                StoredFormat format = byTopic.get(topic);
                List<TestRecord<byte[], byte[]>> records = orders.driver()
                        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList();
                assertThat(records).as(topic).isNotEmpty();
                for (TestRecord<byte[], byte[]> record : records) {
                    byte[] key = format.kind() == Kind.WINDOW_STORE ? windowedKey(record.key()) : record.key();
                    assertThat(decoder(format.key()).deserialize(topic, key))
                            .as("key in %s", topic)
                            .isNotNull();
                    if (record.value() != null) {
                        assertThat(decoder(format.value()).deserialize(topic, record.value()))
                                .as("value in %s", topic)
                                .isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void underAnUpgradeEveryAvroTypeIsWrittenAsTheReleaseWroteIt() {
        ReleaseDescription upgrading = StoredFormats.of(CONFIG.with(Map.of(OrdersConfig.UPGRADE_FROM, "0.1.0")))
                .describe();
        ReleaseDescription release = Releases.describe("0.1.0").orElseThrow();

        for (StoredFormat format : release.formats()) {
            if (format.value() instanceof Encoding.Avro avro && format.kind().writtenByTheApp()) {
                assertThat(((Encoding.Avro) upgrading
                                        .format(format.name())
                                        .orElseThrow()
                                        .value())
                                .writesFingerprint())
                        .as(format.name())
                        .isEqualTo(avro.writesFingerprint());
            }
        }
    }

    /** A window store's changelog key: the store's key, then the window start (8 bytes) and a sequence number (4). */
    private static byte[] windowedKey(byte[] changelogKey) {
        return Arrays.copyOf(changelogKey, changelogKey.length - 12);
    }

    private static Deserializer<?> decoder(Encoding encoding) {
        return switch (encoding.format()) {
            case "utf-8" -> StoredFormats.stringKeys().deserializer();
            case StoredFormats.EXACT_DEDUP_KEY -> DedupKey.serde().deserializer();
            case StoredFormats.HASHED_DEDUP_KEY ->
                (Deserializer<byte[]>) (topic, key) ->
                        (key.length == 13 || key.length == 1) && key[0] == (byte) 0xFF ? key : null; // 1: hashedSince
            case "payload-hash" -> StoredFormats.payloadHashes().deserializer();
            case Encoding.Avro.FORMAT -> avro(((Encoding.Avro) encoding).type());
            default -> throw new AssertionError("no decoder for " + encoding.format());
        };
    }

    private static Deserializer<?> avro(String type) {
        if (type.equals(OrderStatus.getClassSchema().getFullName())) {
            return AvroSerde.orderStatus();
        }
        if (type.equals(CustomerStats.getClassSchema().getFullName())) {
            return AvroSerde.customerStats();
        }
        if (type.equals(OrderTransition.getClassSchema().getFullName())) {
            return AvroSerde.orderTransitions();
        }
        throw new AssertionError("no decoder for " + type);
    }

    private static Kind kindOf(StateStore store) {
        if (store instanceof TimestampedWindowStore<?, ?>) {
            return Kind.TIMESTAMPED_WINDOW_STORE;
        }
        if (store instanceof WindowStore<?, ?>) {
            return Kind.WINDOW_STORE;
        }
        if (store instanceof TimestampedKeyValueStore<?, ?>) {
            return Kind.TIMESTAMPED_KEY_VALUE_STORE;
        }
        if (store instanceof VersionedKeyValueStore<?, ?>) {
            return Kind.VERSIONED_KEY_VALUE_STORE;
        }
        if (store instanceof KeyValueStore<?, ?>) {
            return Kind.KEY_VALUE_STORE;
        }
        if (store instanceof SessionStore<?, ?>) {
            return Kind.SESSION_STORE;
        }
        throw new AssertionError("a store of unknown type: " + store.getClass());
    }
}
