package io.orderseos.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.compat.StoredFormat.Kind;
import io.orderseos.schemas.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the gate fails on the change it is about, and says what changed and what to do: the
 * recorded release 0.1.0 against itself with one thing changed, as a later version could change it.
 */
class CompatibilityGateRulesTest {
    private final ReleaseDescription release = Releases.describe("0.1.0").orElseThrow();

    @Test
    void theReleaseCanReplaceItself() {
        assertThat(CompatibilityGate.check(release, release)).isEmpty();
    }

    @Test
    void aRenamedStoreIsLostState() {
        ReleaseDescription renamed = change(
                "dedup-store",
                f -> new StoredFormat(
                        "dedup-store-v2", f.kind(), "${application.id}-dedup-store-v2-changelog", f.key(), f.value()));

        assertThat(messages(CompatibilityGate.check(release, renamed))).anySatisfy(m -> assertThat(m)
                .contains("window-store dedup-store")
                .contains("has none of that name")
                .contains("state is found by its store's name")
                .contains("new name (it starts empty)"));
    }

    @Test
    void anotherStoreTypeIsAnotherFormat() {
        ReleaseDescription timestamped = change(
                "order-status-store",
                f -> new StoredFormat(f.name(), Kind.TIMESTAMPED_KEY_VALUE_STORE, f.topic(), f.key(), f.value()));

        assertThat(messages(CompatibilityGate.check(release, timestamped))).anySatisfy(m -> assertThat(m)
                .contains("a key-value-store in release 0.1.0, a timestamped-key-value-store now"));
    }

    @Test
    void aKeyWrittenAsOtherBytesIsAnotherFormat() {
        ReleaseDescription changed = change(
                "dedup-store",
                f -> new StoredFormat(
                        f.name(),
                        f.kind(),
                        f.topic(),
                        new Encoding.Sampled("dedup-key", "order-1/event-1", "6f726465722d312f6576656e742d31"),
                        f.value()));

        assertThat(messages(CompatibilityGate.check(release, changed))).anySatisfy(m -> assertThat(m)
                .contains("keys: release 0.1.0 wrote dedup-key (sample DedupKey[orderId=order-1-")
                .contains(" as 00116f726465722d312d")
                .contains("this version dedup-key (sample order-1/event-1 as 6f726465722d312f6576656e742d31)")
                .contains("a reader of both"));
    }

    @Test
    void aNewKeyFormatReadBesideTheOldMustNotBeWrittenDuringTheUpgrade() {
        Encoding.Sampled old =
                (Encoding.Sampled) release.format("dedup-store").orElseThrow().key();
        Encoding.Sampled hashed = new Encoding.Sampled("dedup-hash", old.sample(), "ff0123456789abcdef01234567");
        ReleaseDescription writesNew = change(
                "dedup-store", f -> new StoredFormat(f.name(), f.kind(), f.topic(), withReads(hashed, old), f.value()));
        ReleaseDescription writesOld = change(
                "dedup-store", f -> new StoredFormat(f.name(), f.kind(), f.topic(), withReads(old, hashed), f.value()));

        assertThat(messages(CompatibilityGate.check(release, writesNew)))
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .contains("keys: during a rolling upgrade from 0.1.0 this version writes dedup-hash (sample ")
                        .contains("also reading [dedup-key (as 00116f726465722d312d")
                        .contains("not what release 0.1.0 wrote")
                        .contains("with orders.upgrade.from=0.1.0 it must write the release's own format (dedup-key)"));
        assertThat(CompatibilityGate.check(release, writesOld)).isEmpty();
        assertThat(CompatibilityGate.checkSecondRoll(release, writesOld, writesNew))
                .isEmpty();
    }

    @Test
    void inTheSecondRollEachSideReadsWhatTheOtherWrites() {
        Encoding.Sampled old =
                (Encoding.Sampled) release.format("dedup-store").orElseThrow().key();
        Encoding.Sampled hashed = new Encoding.Sampled("dedup-hash", old.sample(), "ff0123456789abcdef01234567");
        ReleaseDescription upgrading = withKey(withReads(old, hashed));
        ReleaseDescription upgraded = withKey(withReads(hashed, old));

        assertThat(messages(CompatibilityGate.checkSecondRoll(release, upgrading, withKey(hashed))))
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .contains("keys: release 0.1.0 stored dedup-key, which this version after the upgrade does not"
                                + " read"));
        assertThat(messages(CompatibilityGate.checkSecondRoll(release, release, upgraded)))
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .contains("keys: this version writes after it dedup-hash, which an instance still upgrading"
                                + " does not read"));
        assertThat(CompatibilityGate.checkSecondRoll(release, upgrading, upgraded))
                .isEmpty();
    }

    private ReleaseDescription withKey(Encoding.Sampled key) {
        return change("dedup-store", f -> new StoredFormat(f.name(), f.kind(), f.topic(), key, f.value()));
    }

    private static Encoding.Sampled withReads(Encoding.Sampled writes, Encoding.Sampled reads) {
        return new Encoding.Sampled(writes.format(), writes.sample(), writes.hex(), List.of(reads));
    }

    @Test
    void theSamplesTextIsNotTheFormat() {
        ReleaseDescription renamed = change(
                "dedup-store",
                f -> new StoredFormat(
                        f.name(),
                        f.kind(),
                        f.topic(),
                        new Encoding.Sampled(
                                "dedup-key", "Key[order=..., event=...]", ((Encoding.Sampled) f.key()).hex()),
                        f.value()));

        assertThat(CompatibilityGate.check(release, renamed)).isEmpty();
    }

    @Test
    void aPayloadHashComputedOtherwiseIsAnotherFormat() {
        ReleaseDescription changed = change(
                "dedup-store",
                f -> new StoredFormat(
                        f.name(),
                        f.kind(),
                        f.topic(),
                        f.key(),
                        new Encoding.Sampled("payload-hash", ((Encoding.Sampled) f.value()).sample(), "00")));

        assertThat(messages(CompatibilityGate.check(release, changed)))
                .anySatisfy(m -> assertThat(m).contains("values: release 0.1.0 wrote payload-hash"));
    }

    @Test
    void aVersionNoLongerReadIsReported() {
        ReleaseDescription forgetful = change(
                "orders",
                f -> withAvro(
                        f, avro -> new Encoding.Avro(avro.type(), avro.writes(), Set.of(avro.writesFingerprint()))));

        assertThat(messages(CompatibilityGate.check(release, forgetful))).anySatisfy(m -> assertThat(m)
                .contains("release 0.1.0 read io.orderseos.schemas.OrderEvent written with schema")
                .contains("keep its frozen copy"));
    }

    @Test
    void writingASchemaTheReleaseCannotReadBreaksTheRollingUpgrade() {
        Schema next = withOneMoreField(OrderStatus.getClassSchema());
        ReleaseDescription writesNext = change(
                "order-status-store",
                f -> withAvro(f, avro -> {
                    Set<Long> reads = new TreeSet<>(avro.reads());
                    reads.add(SchemaNormalization.parsingFingerprint64(next));
                    return new Encoding.Avro(avro.type(), next, reads);
                }));

        assertThat(messages(CompatibilityGate.check(release, writesNext))).anySatisfy(m -> assertThat(m)
                .contains("during a rolling upgrade from 0.1.0 this version writes io.orderseos.schemas.OrderStatus")
                .contains("which release 0.1.0 cannot read")
                .contains("orders.upgrade.from=0.1.0"));
    }

    @Test
    void anIncompatibleChangeOfAStoredTypeIsReported() {
        // The current schema needs fields (no defaults) that this release never wrote.
        Schema required = SchemaBuilder.record("OrderStatus")
                .namespace("io.orderseos.schemas")
                .fields()
                .requiredString("somethingNew")
                .endRecord();
        ReleaseDescription oldRelease = new ReleaseDescription(
                release.release(),
                release.commit(),
                release.subtopologies(),
                replace(
                        release,
                        "order-status-store",
                        f -> withAvro(f, avro -> new Encoding.Avro(avro.type(), required, avro.reads()))));

        assertThat(messages(CompatibilityGate.check(oldRelease, release))).anySatisfy(m -> assertThat(m)
                .contains("the current io.orderseos.schemas.OrderStatus cannot read what release 0.1.0 wrote")
                .contains("add fields with defaults"));
    }

    @Test
    void aScaleOtherThanTheReleaseWroteIsReportedThoughTheFingerprintIsTheSame() {
        Schema rescaled = new Schema.Parser()
                .parse(OrderStatus.getClassSchema()
                        .toString()
                        .replace("\"precision\":18,\"scale\":2", "\"precision\":18,\"scale\":4"));
        ReleaseDescription wroteScaleFour = new ReleaseDescription(
                release.release(),
                release.commit(),
                release.subtopologies(),
                replace(
                        release,
                        "order-status-store",
                        f -> withAvro(f, avro -> new Encoding.Avro(avro.type(), rescaled, avro.reads()))));

        assertThat(messages(CompatibilityGate.check(wroteScaleFour, release))).anySatisfy(m -> assertThat(m)
                .contains("with the logical types")
                .contains("scale=4")
                .contains("restore the frozen copy as the release wrote it"));
    }

    @Test
    void aStoreMovedToAnotherSubtopologyIsReported() {
        List<Subtopology> moved = new ArrayList<>();
        for (Subtopology subtopology : release.subtopologies()) {
            Set<String> stores = new TreeSet<>(subtopology.stores());
            if (subtopology.id() == 0) {
                stores.add("customer-stats-store");
            } else {
                stores.remove("customer-stats-store");
            }
            moved.add(new Subtopology(subtopology.id(), subtopology.sources(), new TreeSet<>(stores)));
        }
        ReleaseDescription changed = new ReleaseDescription("current", null, moved, release.formats());

        assertThat(messages(CompatibilityGate.check(release, changed)))
                .anySatisfy(m -> assertThat(m).startsWith("subtopology 0:").contains("could not run in one group"))
                .anySatisfy(m -> assertThat(m).startsWith("subtopology 1:"));
    }

    @Test
    void aNewSubtopologyIsReported() {
        List<Subtopology> more = new ArrayList<>(release.subtopologies());
        more.add(new Subtopology(2, new TreeSet<>(Set.of("more-repartition")), new TreeSet<>()));
        ReleaseDescription changed = new ReleaseDescription("current", null, more, release.formats());

        assertThat(messages(CompatibilityGate.check(release, changed)))
                .singleElement()
                .satisfies(m -> assertThat(m).startsWith("subtopology 2: new"));
    }

    private ReleaseDescription change(String name, UnaryOperator<StoredFormat> change) {
        return new ReleaseDescription("current", null, release.subtopologies(), replace(release, name, change));
    }

    private static List<StoredFormat> replace(
            ReleaseDescription description, String name, UnaryOperator<StoredFormat> change) {
        List<StoredFormat> formats = new ArrayList<>();
        for (StoredFormat format : description.formats()) {
            formats.add(format.name().equals(name) ? change.apply(format) : format);
        }
        assertThat(formats).isNotEqualTo(description.formats());
        return formats;
    }

    private static StoredFormat withAvro(StoredFormat format, UnaryOperator<Encoding.Avro> change) {
        return new StoredFormat(format.name(), format.kind(), format.topic(), format.key(), change.apply((Encoding.Avro)
                format.value()));
    }

    private static List<String> messages(List<CompatibilityGate.Finding> findings) {
        return findings.stream().map(CompatibilityGate.Finding::toString).toList();
    }

    private static Schema withOneMoreField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), null, "none"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
