package io.orderseos.serde;

import org.apache.avro.specific.SpecificRecord;

/** Helpers for the generated Avro records. */
public final class SpecificRecords {
    private SpecificRecords() {}

    /**
     * Copies every field of {@code from} into {@code to} by reference and returns {@code to}: the
     * cheap copy of a record whose values are immutable (strings, decimals, instants, enums). The
     * generated {@code newBuilder(record)} deep-copies instead, which turns every decimal into
     * bytes and back. A mutable value (a map, a list) is shared too: replace it before changing it.
     * Field by field over the schema, so a field added to the schema is copied as well.
     */
    public static <T extends SpecificRecord> T copyInto(T from, T to) {
        int fields = from.getSchema().getFields().size();
        for (int i = 0; i < fields; i++) {
            to.put(i, from.get(i));
        }
        return to;
    }
}
