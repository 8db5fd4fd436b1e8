package io.orderseos.compat;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** How the keys or the values of one stored format are encoded. */
public sealed interface Encoding {

    /** The format's name, as messages and the description say it ({@code utf-8}, {@code avro-single-object}). */
    String format();

    /**
     * A format without a schema, pinned by a sample: the bytes a fixed sample value is written as.
     * Two versions that write the same sample as the same bytes (and read them back as the sample)
     * agree on the format; any change of the encoding changes the bytes.
     *
     * <p>A version may read more formats than the one it writes: each is the same sample written in
     * that format ({@code alsoReads}), so that a release it replaces, or that replaces it, can store
     * one and read the other.
     *
     * @param sample the sample value, as text
     * @param hex the bytes it is written as, in hex
     * @param alsoReads the other formats read, with the sample's bytes in each
     */
    record Sampled(String format, String sample, String hex, List<Sampled> alsoReads) implements Encoding {
        public Sampled {
            alsoReads = List.copyOf(alsoReads);
        }

        /** A format that reads only what it writes. */
        public Sampled(String format, String sample, String hex) {
            this(format, sample, hex, List.of());
        }

        /** Whether this version reads what {@code writer} writes: its format, with the same bytes. */
        public boolean reads(Sampled writer) {
            return sameBytes(writer) || alsoReads.stream().anyMatch(read -> read.sameBytes(writer));
        }

        /** Whether this version writes what {@code other} writes: the same format, with the same bytes. */
        public boolean writesAs(Sampled other) {
            return sameBytes(other);
        }

        /** The same format name and sample bytes; the sample's text is how it prints. */
        private boolean sameBytes(Sampled other) {
            return format.equals(other.format) && hex.equals(other.hex);
        }
    }

    /**
     * Avro in single-object encoding: the writer schema is named by its fingerprint in every record,
     * and a reader needs that schema among the versions it knows.
     *
     * @param type the record type's full name
     * @param writes the schema written (the current one, or an older one under {@code orders.upgrade.from})
     * @param reads the CRC-64-AVRO fingerprints of every writer schema read (kept sorted)
     */
    record Avro(String type, Schema writes, Set<Long> reads) implements Encoding {
        public static final String FORMAT = "avro-single-object";

        public Avro {
            reads = Collections.unmodifiableSortedSet(new TreeSet<>(reads));
        }

        @Override
        public String format() {
            return FORMAT;
        }

        /** The fingerprint of {@link #writes()}. */
        public long writesFingerprint() {
            return SchemaNormalization.parsingFingerprint64(writes);
        }
    }

    /** A fingerprint as messages and the description print it: 16 hex digits of the 64-bit number. */
    static String fingerprint(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
