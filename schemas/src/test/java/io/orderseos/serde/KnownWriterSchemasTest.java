package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * docs/producers.md lists exactly the writer schemas the app accepts, with the fingerprints it
 * computes: the block between the markers is {@link KnownWriterSchemas#markdown()}, and the page's
 * check value is the current version's. With {@code -Dproducers.docs.write=true} the block is
 * rewritten instead of compared.
 */
class KnownWriterSchemasTest {
    private static final Path PAGE = Path.of("..", "docs", "producers.md");
    private static final String WRITE = "producers.docs.write";
    private static final String COMMAND = "mvn -B -pl schemas test -Dtest=KnownWriterSchemasTest -D" + WRITE + "=true";

    @Test
    void pageListsEveryAcceptedVersionAsGenerated() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(KnownWriterSchemas.BEGIN);
        int end = page.indexOf(KnownWriterSchemas.END);
        assertThat(begin).as("%s in %s", KnownWriterSchemas.BEGIN, PAGE).isNotNegative();
        assertThat(end)
                .as("%s after the begin marker in %s", KnownWriterSchemas.END, PAGE)
                .isGreaterThan(begin);
        String generated = KnownWriterSchemas.markdown();
        String rewritten = page.substring(0, begin + KnownWriterSchemas.BEGIN.length())
                + "\n"
                + generated
                + "\n"
                + page.substring(end);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(PAGE, rewritten, StandardCharsets.UTF_8);
            return;
        }
        assertThat(page)
                .as(
                        "the known writer schemas in %s differ from the schemas module's; regenerate them with: %s",
                        PAGE, COMMAND)
                .isEqualTo(rewritten);
    }

    @Test
    void pageChecksAgainstTheCurrentFingerprint() throws IOException {
        String fingerprintSection = section(Files.readString(PAGE, StandardCharsets.UTF_8), "## Fingerprint");
        long current = SchemaNormalization.parsingFingerprint64(OrderEvent.getClassSchema());

        assertThat(fingerprintSection)
                .as("the check value in %s (## Fingerprint) is the current OrderEvent's fingerprint", PAGE)
                .contains(KnownWriterSchemas.wireBytes(current), KnownWriterSchemas.number(current));
    }

    @Test
    void everyAcceptedVersionIsListedOnceWithItsCanonicalForm() {
        SchemaVersions versions = KnownWriterSchemas.orderEvents();
        String markdown = KnownWriterSchemas.markdown();

        for (Schema schema : versions.history()) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            assertThat(markdown)
                    .contains("`" + KnownWriterSchemas.wireBytes(fingerprint) + "`")
                    .contains("\n" + SchemaNormalization.toParsingForm(schema) + "\n");
        }
        assertThat(markdown.split("\n### ", -1)).hasSize(versions.history().size() + 1);
        assertThat(markdown).contains("### OrderEvent v" + versions.history().size() + " (current)");
    }

    @Test
    void currentVersionNotYetFrozenIsListedAsSuch() {
        Schema frozen = SchemaBuilder.record("E").fields().requiredString("a").endRecord();
        Schema current = SchemaBuilder.record("E")
                .fields()
                .requiredString("a")
                .optionalString("b")
                .endRecord();

        String markdown = KnownWriterSchemas.markdown(SchemaVersions.of(current, List.of(frozen)));

        assertThat(markdown).contains("### E v1\n", "### E current, not yet frozen\n");
    }

    @Test
    void fingerprintIsWrittenLittleEndian() {
        assertThat(KnownWriterSchemas.wireBytes(0x0102030405060708L)).isEqualTo("08 07 06 05 04 03 02 01");
        assertThat(KnownWriterSchemas.number(-1L)).isEqualTo("0xffffffffffffffff");
    }

    /** The text of the section under {@code heading}, up to the next heading of its level. */
    private static String section(String page, String heading) {
        int start = page.indexOf("\n" + heading + "\n");
        assertThat(start).as("%s in %s", heading, PAGE).isNotNegative();
        int next = page.indexOf("\n## ", start + heading.length() + 1);
        return next < 0 ? page.substring(start) : page.substring(start, next);
    }
}
