package io.orderseos.ops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orderseos.ops.load.AppRules.Outcome;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static final AvroSerde<OrderEvent> SERDE = AvroSerde.orderEvents(Integer.MAX_VALUE);
    /** The kinds an app with a reorder window holds when they arrive. */
    private static final Set<RecordKind> EARLY = Set.of(RecordKind.OUT_OF_ORDER, RecordKind.MISSING_PREDECESSOR);

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        Iterator<LoadRecord> first = new LoadGenerator(options(42, 20_000)).iterator();
        Iterator<LoadRecord> second = new LoadGenerator(options(42, 20_000)).iterator();

        for (int i = 0; i < 20_000; i++) {
            assertThat(first.next()).as("record #%d", i).isEqualTo(second.next());
        }
        assertThat(first.hasNext()).isFalse();
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void aSmallerCountGivesAPrefixOfTheSameStream() {
        List<LoadRecord> all = generate(options(42, 6_000));
        List<LoadRecord> prefix = generate(options(42, 2_500));

        assertThat(prefix).hasSize(2_500).isEqualTo(all.subList(0, 2_500));
    }

    @Test
    void anotherSeedGivesOtherRecords() {
        List<LoadRecord> one = generate(options(42, 5_000));
        List<LoadRecord> other = generate(options(43, 5_000));

        long equal = 0;
        for (int i = 0; i < one.size(); i++) {
            equal += one.get(i).equals(other.get(i)) ? 1 : 0;
        }
        assertThat(equal).isLessThan(one.size() / 100); // a few tombstones and empty values may coincide
    }

    @Test
    void kindsAppearInAboutTheRequestedRatios() {
        assertRatios(LoadOptions.defaults().ratios(), 200_000);
        assertRatios(new LoadOptions.Ratios(0.2, 0.05, 0.1, 0.05, 0.3, 0.1, 0.05, 0, 0), 100_000);
        assertRatios(new LoadOptions.Ratios(0.05, 0.01, 0.02, 0.02, 0.05, 0.02, 0.01, 0.03, 0.02), 100_000);
    }

    @Test
    void everyMalformedKindAppears() {
        Map<RecordKind, Long> counts = counts(generate(options(42, 100_000)));

        for (RecordKind kind : RecordKind.MALFORMED) {
            // 2% malformed over nine kinds: about 220 each.
            assertThat(counts.getOrDefault(kind, 0L)).as("%s", kind).isBetween(150L, 300L);
        }
    }

    @Test
    void zeroRatiosGiveOnlyEvents() {
        LoadOptions options = withRatios(new LoadOptions.Ratios(0, 0, 0, 0, 0, 0, 0, 0, 0), 10_000);

        assertThat(counts(generate(options))).containsOnlyKeys(RecordKind.EVENT);
    }

    /**
     * The heart of it: fed to the app's own rules in stream order (which is each partition's order:
     * one key, one partition), every record does what its kind says. So the events of each order
     * are applied in life-cycle order, anomalies never take a step, every malformed kind fails as it
     * claims, and an aborted record would have had a visible effect.
     */
    @Test
    void everyRecordDoesWhatItsKindSaysUnderTheAppsRules() {
        assertKindsHold(options(42, 60_000));
        assertKindsHold(withRatios(new LoadOptions.Ratios(0.15, 0.05, 0.1, 0.1, 0.2, 0.1, 0.05, 0, 0), 60_000));
    }

    /**
     * With the app's reorder window: an out-of-order step is held, then applied with the step it
     * follows; a step whose predecessor never comes is held until its window passes; an illegal
     * transition is never one whose predecessor comes later (it would be applied).
     */
    @Test
    void everyRecordDoesWhatItsKindSaysWithTheReorderWindow() {
        assertKindsHold(
                LoadOptions.builder().seed(42).count(60_000).reorder(0.03, 0.02).build());
        assertKindsHold(withRatios(new LoadOptions.Ratios(0.15, 0.05, 0.1, 0.1, 0.2, 0.1, 0.05, 0.1, 0.05), 60_000));
        assertKindsHold(
                LoadOptions.builder().seed(9).count(30_000).reorder(0, 0).build());
    }

    @Test
    void anOutOfOrderStepIsFollowedRightAwayByTheStepBeforeIt() {
        List<LoadRecord> records = generate(
                LoadOptions.builder().seed(42).count(30_000).reorder(0.05, 0).build());
        int pairs = 0;
        for (int i = 0; i < records.size() - 1; i++) {
            if (records.get(i).kind() == RecordKind.OUT_OF_ORDER) {
                LoadRecord next = records.get(i + 1);
                OrderEvent early = SERDE.deserialize("orders", records.get(i).value());
                OrderEvent before = SERDE.deserialize("orders", next.value());
                assertThat(next.kind()).isIn(RecordKind.EVENT, RecordKind.OLD_SCHEMA_EVENT);
                assertThat(before.getOrderId()).isEqualTo(early.getOrderId());
                assertThat(before.getType()).isNotEqualTo(early.getType());
                pairs++;
            }
        }
        assertThat(pairs).isGreaterThan(1_000);
    }

    @Test
    void theKindsThatNeedTheReorderWindowAreOffByDefault() {
        Map<RecordKind, Long> counts = counts(generate(options(42, 50_000)));

        assertThat(counts).doesNotContainKeys(RecordKind.OUT_OF_ORDER, RecordKind.MISSING_PREDECESSOR);
        assertThat(LoadOptions.defaults().reorder()).isFalse();
    }

    @Test
    void eachMalformedKindFailsTheWayItClaims() {
        AppRules rules = new AppRules(false);
        Map<RecordKind, Set<String>> details = new EnumMap<>(RecordKind.class);
        for (LoadRecord record : new LoadGenerator(options(7, 30_000))) {
            if (record.kind() == RecordKind.ABORTED) {
                continue;
            }
            rules.process(record);
            if (RecordKind.MALFORMED.contains(record.kind())) {
                details.computeIfAbsent(record.kind(), k -> new HashSet<>()).add(rules.detail());
            }
        }

        assertThat(details.keySet()).containsExactlyInAnyOrderElementsOf(RecordKind.MALFORMED);
        assertEvery(details, RecordKind.UNDECODABLE, "not Avro single-object encoding");
        assertEvery(details, RecordKind.TRUNCATED, "cannot decode OrderEvent");
        assertEvery(details, RecordKind.WRONG_MAGIC, "not Avro single-object encoding");
        assertEvery(details, RecordKind.UNKNOWN_SCHEMA, "unknown writer schema");
        assertEvery(details, RecordKind.EMPTY_VALUE, "empty value");
        assertEvery(details, RecordKind.NULL_VALUE, "tombstone");
        assertEvery(details, RecordKind.NULL_KEY, "record key is null");
        assertEvery(details, RecordKind.WRONG_KEY, "is not the orderId");
        assertThat(String.join("\n", details.get(RecordKind.INVALID_EVENT)))
                .contains("items sum to")
                .contains("must be positive")
                .contains("is not an ISO-4217 code")
                .contains("PLACED without items")
                .doesNotContain("record key");
    }

    @Test
    void malformedRecordsKeepTheirOrdersKeyAndShape() {
        for (LoadRecord record : generate(options(11, 30_000))) {
            switch (record.kind()) {
                case NULL_VALUE, EMPTY_VALUE -> assertThat(record.key()).isNotNull();
                case NULL_KEY -> assertThat(record.key()).isNull();
                case WRONG_MAGIC ->
                    assertThat(record.value()[0] != (byte) 0xC3 && record.value()[1] != 0x01)
                            .isTrue();
                case TRUNCATED -> assertThat(record.value()).startsWith((byte) 0xC3, (byte) 0x01);
                default -> {}
            }
        }
    }

    @Test
    void oldSchemaEventsAreWrittenWithVersionOne() {
        long v1 = SchemaNormalization.parsingFingerprint64(
                SERDE.versions().history().get(0));
        List<LoadRecord> old = generate(options(42, 20_000)).stream()
                .filter(r -> r.kind() == RecordKind.OLD_SCHEMA_EVENT)
                .toList();

        assertThat(old).isNotEmpty().allSatisfy(record -> {
            assertThat(fingerprint(record.value())).isEqualTo(v1);
            assertThat(SERDE.deserialize("orders", record.value()).getType().name())
                    .isIn("PAID", "SHIPPED", "DELIVERED");
        });
    }

    @Test
    void validPlacedEventsMeetTheContract() {
        for (LoadRecord record : generate(options(5, 20_000))) {
            if (record.kind() != RecordKind.EVENT) {
                continue;
            }
            OrderEvent event = SERDE.deserialize("orders", record.value());
            assertThat(record.keyText()).isEqualTo(event.getOrderId()).matches("o-[0-9]+");
            assertThat(event.getCustomerId()).matches("c-[0-9]+");
            if (event.getType().name().equals("PLACED")) {
                assertThat(event.getAmount().signum()).isPositive();
                assertThat(event.getAmount().scale()).isEqualTo(2);
                assertThat(event.getItems()).isNotEmpty();
                assertThat(event.getCurrency()).isIn("EUR", "USD", "GBP", "CHF");
                assertThat(event.getItems().stream()
                                .map(i -> i.getUnitPrice().multiply(BigDecimal.valueOf(i.getQuantity())))
                                .reduce(BigDecimal.ZERO, BigDecimal::add))
                        .isEqualByComparingTo(event.getAmount());
            }
        }
    }

    @Test
    void eventIdsAreUniquePerOrderAndOrdersInterleave() {
        Set<String> eventIds = new HashSet<>();
        List<String> firstKeys = new ArrayList<>();
        for (LoadRecord record : generate(options(42, 30_000))) {
            if (firstKeys.size() < 200) {
                firstKeys.add(record.keyText());
            }
            if (record.kind() == RecordKind.EVENT || record.kind() == RecordKind.OLD_SCHEMA_EVENT) {
                OrderEvent event = SERDE.deserialize("orders", record.value());
                assertThat(eventIds.add(event.getOrderId() + "/" + event.getEventId()))
                        .as(event.getEventId())
                        .isTrue();
            }
        }
        assertThat(new HashSet<>(firstKeys)).hasSizeGreaterThan(150);
    }

    @Test
    void duplicatesComeRightAfterTheOriginalOrSomeRoundsLater() {
        List<LoadRecord> records = generate(options(42, 30_000));
        int adjacent = 0;
        int later = 0;
        for (int i = 1; i < records.size(); i++) {
            byte[] value = records.get(i).value();
            if (records.get(i).kind() == RecordKind.DUPLICATE) {
                boolean rightAfter =
                        records.subList(Math.max(0, i - 3), i).stream().anyMatch(r -> Arrays.equals(r.value(), value));
                if (rightAfter) {
                    adjacent++;
                } else {
                    later++;
                }
            }
        }
        assertThat(adjacent).isGreaterThan(100);
        assertThat(later).isGreaterThan(100);
    }

    @Test
    void streamingAMillionRecordsHoldsOnlyAChunk() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        Iterator<LoadRecord> records = new LoadGenerator(options(42, 2_000_000)).iterator();
        long bytes = 0;
        for (int i = 0; i < 1_000_000; i++) {
            LoadRecord record = records.next();
            bytes += record.value() == null ? 0 : record.value().length;
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();

        assertThat(bytes).isGreaterThan(50_000_000L); // what holding them would take, at the least
        assertThat(after - before).isLessThan(32L << 20);
        assertThat(records.hasNext()).isTrue();
    }

    private static void assertKindsHold(LoadOptions options) {
        AppRules rules = new AppRules(options.reorder());
        Map<LoadRecord, Outcome> outcomes = new IdentityHashMap<>();
        Map<LoadRecord, Long> indexes = new IdentityHashMap<>();
        long index = 0;
        for (LoadRecord record : new LoadGenerator(options)) {
            if (record.kind() == RecordKind.ABORTED) {
                assertThat(rules.peek(record))
                        .as("aborted record #%d would be visible", index)
                        .isIn(Outcome.APPLIED, Outcome.EVENT_ID_CONFLICT);
            } else {
                Outcome outcome = rules.process(record);
                if (EARLY.contains(record.kind())) {
                    assertThat(outcome)
                            .as("record #%d, %s: held first", index, record.kind())
                            .isEqualTo(Outcome.HELD);
                }
                outcomes.put(record, outcome);
                indexes.put(record, index);
                rules.settled().forEach(settled -> outcomes.put(settled.record(), settled.outcome()));
            }
            index++;
        }
        rules.expireAll().forEach(settled -> outcomes.put(settled.record(), settled.outcome()));
        outcomes.forEach((record, outcome) -> assertThat(outcome)
                .as("record #%d, %s, key %s", indexes.get(record), record.kind(), record.keyText())
                .isEqualTo(AppRules.EXPECTED.get(record.kind())));
    }

    private static void assertRatios(LoadOptions.Ratios ratios, long count) {
        Map<RecordKind, Long> counts = counts(generate(withRatios(ratios, count)));
        Map<String, Double> expected = Map.of(
                "duplicates", ratios.duplicates(),
                "conflicts", ratios.conflicts(),
                "intents", ratios.intents(),
                "illegal", ratios.illegal(),
                "old-schema", ratios.oldSchema(),
                "malformed", ratios.malformed(),
                "aborted", ratios.aborted(),
                "out-of-order", ratios.outOfOrder(),
                "missing-predecessor", ratios.missingPredecessor());
        Map<String, Double> actual = Map.of(
                "duplicates", share(counts, List.of(RecordKind.DUPLICATE), count),
                "conflicts", share(counts, List.of(RecordKind.CONFLICT), count),
                "intents", share(counts, List.of(RecordKind.DUPLICATE_INTENT), count),
                "illegal", share(counts, List.of(RecordKind.ILLEGAL), count),
                "old-schema", share(counts, List.of(RecordKind.OLD_SCHEMA_EVENT), count),
                "malformed", share(counts, RecordKind.MALFORMED, count),
                "aborted", share(counts, List.of(RecordKind.ABORTED), count),
                "out-of-order", share(counts, List.of(RecordKind.OUT_OF_ORDER), count),
                "missing-predecessor", share(counts, List.of(RecordKind.MISSING_PREDECESSOR), count));

        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
        // Each order draws its own anomalies: the shares are close, not exact.
        expected.forEach(
                (ratio, share) -> assertThat(actual.get(ratio)).as(ratio).isCloseTo(share, within(share * 0.1)));
    }

    private static double share(Map<RecordKind, Long> counts, List<RecordKind> kinds, long total) {
        return kinds.stream().mapToLong(k -> counts.getOrDefault(k, 0L)).sum() / (double) total;
    }

    private static void assertEvery(Map<RecordKind, Set<String>> details, RecordKind kind, String fragment) {
        assertThat(details.get(kind)).as("%s", kind).allSatisfy(detail -> assertThat(detail)
                .contains(fragment));
    }

    private static Map<RecordKind, Long> counts(List<LoadRecord> records) {
        Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
        records.forEach(r -> counts.merge(r.kind(), 1L, Long::sum));
        return counts;
    }

    private static List<LoadRecord> generate(LoadOptions options) {
        List<LoadRecord> records = new ArrayList<>();
        new LoadGenerator(options).forEach(records::add);
        return records;
    }

    private static long fingerprint(byte[] value) {
        return ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static LoadOptions options(long seed, long count) {
        return LoadOptions.builder().seed(seed).count(count).build();
    }

    private static LoadOptions withRatios(LoadOptions.Ratios ratios, long count) {
        LoadOptions defaults = LoadOptions.defaults();
        return new LoadOptions(
                defaults.bootstrapServers(),
                defaults.topic(),
                defaults.partitions(),
                count,
                defaults.rate(),
                defaults.seed(),
                defaults.customers(),
                defaults.orderPrefix(),
                ratios,
                ratios.outOfOrder() > 0 || ratios.missingPredecessor() > 0);
    }
}
