package io.orderseos.serde;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every version of one record type that a producer may have written with: the current schema
 * of the generated class plus the frozen copies kept as resources under {@code
 * io/orderseos/schemas/history/<Name>.v<N>.avsc} (N = 1, 2, ...). Single-object encoding names the
 * writer schema by its CRC-64-AVRO fingerprint; this is the table that fingerprint is looked up in.
 *
 * <p>Every record type orders-eos reads or writes has a history, because every one of them is
 * stored somewhere a later version must read it: {@code OrderEvent} in the input topic (written by
 * other teams' producers), {@code OrderStatus} and {@code CustomerStats} in the store changelogs,
 * RocksDB and the output topics, {@code OrderTransition} in the repartition topic, {@code HeldEvents} in
 * the reorder buffer's store and changelog. A version that is
 * not here cannot be read: its records fail as "unknown writer schema".
 *
 * <p>Evolving a schema: change the {@code .avsc} under {@code src/main/avro}, then add its frozen
 * copy as the next version here (docs/compatibility.md has the whole procedure). A test fails until
 * the newest frozen version equals the current schema and every version can be read by it.
 */
public final class SchemaVersions {
    private static final String HISTORY = "/io/orderseos/schemas/history/";

    private final Schema current;
    private final List<Schema> history;
    private final Map<Long, Schema> byFingerprint;

    private SchemaVersions(Schema current, List<Schema> history) {
        this.current = current;
        this.history = List.copyOf(history);
        Map<Long, Schema> index = new HashMap<>();
        List<Schema> all = new ArrayList<>(history);
        all.add(current);
        for (Schema schema : all) {
            Schema same = index.putIfAbsent(SchemaNormalization.parsingFingerprint64(schema), schema);
            if (same != null && !logicalTypes(same).equals(logicalTypes(schema))) {
                // The fingerprint leaves logical types out: decimal(18,2) and decimal(18,4) share one,
                // and a record written with one would be read with the other's scale.
                throw new IllegalStateException(String.format(
                        "two versions of %s with fingerprint %016x differ in their logical types (%s, %s): a"
                                + " change of a logical type, its precision or scale is a new field, not a new version",
                        current.getFullName(),
                        SchemaNormalization.parsingFingerprint64(schema),
                        logicalTypes(same),
                        logicalTypes(schema)));
            }
        }
        this.byFingerprint = Map.copyOf(index);
    }

    /**
     * Every logical type in {@code schema} with its properties (precision, scale), by the path to it:
     * what two schemas of the same fingerprint can still differ in.
     */
    public static List<String> logicalTypes(Schema schema) {
        List<String> found = new ArrayList<>();
        collectLogicalTypes(schema, "", found, new ArrayList<>());
        return found;
    }

    private static void collectLogicalTypes(Schema schema, String path, List<String> found, List<String> seen) {
        if (schema.getLogicalType() != null) {
            found.add(
                    path + "=" + schema.getLogicalType().getName() + new java.util.TreeMap<>(schema.getObjectProps()));
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                schema.getFields().forEach(f -> collectLogicalTypes(f.schema(), path + "." + f.name(), found, seen));
            }
            case UNION -> schema.getTypes().forEach(t -> collectLogicalTypes(t, path + "|" + t.getType(), found, seen));
            case ARRAY -> collectLogicalTypes(schema.getElementType(), path + "[]", found, seen);
            case MAP -> collectLogicalTypes(schema.getValueType(), path + "{}", found, seen);
            default -> {}
        }
    }

    /** The versions of every record type orders-eos reads or writes, input first. */
    public static List<SchemaVersions> all() {
        return List.of(
                of(OrderEvent.getClassSchema()),
                of(OrderStatus.getClassSchema()),
                of(CustomerStats.getClassSchema()),
                of(OrderTransition.getClassSchema()),
                of(HeldEvents.getClassSchema()));
    }

    /** The versions of the record whose current schema is {@code current}. */
    public static SchemaVersions of(Schema current) {
        List<Schema> history = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = HISTORY + current.getName() + ".v" + version + ".avsc";
            try (InputStream in = SchemaVersions.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                history.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema version " + resource, e);
            }
        }
        return of(current, history);
    }

    /** The versions of {@code current}'s record with this history, oldest first. */
    static SchemaVersions of(Schema current, List<Schema> history) {
        return new SchemaVersions(current, history);
    }

    public Schema current() {
        return current;
    }

    /** The frozen versions, oldest first (may be empty for a type that never changed). */
    public List<Schema> history() {
        return history;
    }

    /** The CRC-64-AVRO parsing fingerprints of every version, the current one included. */
    public SortedSet<Long> fingerprints() {
        return new TreeSet<>(byFingerprint.keySet());
    }

    /** The writer schema with this CRC-64-AVRO parsing fingerprint, or {@code null}. */
    public Schema byFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }
}
