package io.orderseos.serde;

import io.orderseos.schemas.OrderEvent;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The writer schemas a producer of the {@code orders} topic may use, as docs/producers.md lists
 * them: every accepted version of {@code OrderEvent} with its fingerprint and its Parsing Canonical
 * Form. Rendered from {@link SchemaVersions}, the table the app looks fingerprints up in, so that
 * the page other teams compute their fingerprints against cannot drift from what the app accepts
 * (a test compares the page with {@link #markdown()}).
 */
public final class KnownWriterSchemas {
    /** The comment that opens the generated part of docs/producers.md. */
    public static final String BEGIN = "<!-- known-writer-schemas:begin -->";
    /** The comment that closes it. */
    public static final String END = "<!-- known-writer-schemas:end -->";

    private KnownWriterSchemas() {}

    /** The versions of {@code OrderEvent} the app accepts on its input topic. */
    public static SchemaVersions orderEvents() {
        return SchemaVersions.of(OrderEvent.getClassSchema());
    }

    /** The markdown between {@link #BEGIN} and {@link #END}: one section per accepted version. */
    public static String markdown() {
        return markdown(orderEvents());
    }

    static String markdown(SchemaVersions versions) {
        long current = SchemaNormalization.parsingFingerprint64(versions.current());
        StringBuilder md = new StringBuilder();
        List<Schema> history = versions.history();
        boolean currentFrozen = false;
        for (int i = 0; i < history.size(); i++) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(history.get(i));
            boolean isCurrent = fingerprint == current;
            currentFrozen |= isCurrent;
            section(md, "v" + (i + 1) + (isCurrent ? " (current)" : ""), history.get(i));
        }
        if (!currentFrozen) {
            section(md, "current, not yet frozen", versions.current());
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String label, Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        md.append("\n### ")
                .append(schema.getName())
                .append(' ')
                .append(label)
                .append("\n\n- fingerprint, the 8 bytes after `C3 01`: `")
                .append(wireBytes(fingerprint))
                .append("`\n- as a number: `")
                .append(number(fingerprint))
                .append("` (`")
                .append(fingerprint)
                .append("` as a signed 64-bit integer, Java's `long`)\n\nParsing Canonical Form:\n\n```json\n")
                .append(SchemaNormalization.toParsingForm(schema))
                .append("\n```\n");
    }

    /** The fingerprint as it is written: 8 bytes, little-endian, in hex separated by spaces. */
    public static String wireBytes(long fingerprint) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Long.BYTES; i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format(Locale.ROOT, "%02x", (fingerprint >>> (8 * i)) & 0xFF));
        }
        return hex.toString();
    }

    /** The fingerprint as an unsigned 64-bit number in hex, as CRC-64-AVRO computes it. */
    public static String number(long fingerprint) {
        return String.format(Locale.ROOT, "0x%016x", fingerprint);
    }
}
