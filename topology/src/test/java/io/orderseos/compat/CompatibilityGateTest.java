package io.orderseos.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.orderseos.config.OrdersConfig;
import io.orderseos.topology.StoredFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compatibility gate of {@code mvn verify}: the code at hand must be able to replace every
 * recorded release in a rolling upgrade (docs/compatibility.md). The description of the code at
 * hand is written to {@code target/compat/current.json}, which is what recording a release starts
 * from.
 */
class CompatibilityGateTest {
    static final Path CURRENT = Path.of("target", "compat", "current.json");

    @Test
    void theCodeAtHandCanReplaceEveryRecordedRelease() throws IOException {
        Files.createDirectories(CURRENT.getParent());
        Files.writeString(
                CURRENT, StoredFormats.of(OrdersConfig.defaults()).describe().toJson(), StandardCharsets.UTF_8);

        for (String release : Releases.RECORDED) {
            ReleaseDescription recorded = Releases.describe(release).orElseThrow();
            ReleaseDescription upgrading = StoredFormats.of(OrdersConfig.of(Map.of(OrdersConfig.UPGRADE_FROM, release)))
                    .describe();

            List<CompatibilityGate.Finding> findings = new ArrayList<>(CompatibilityGate.check(recorded, upgrading));
            findings.addAll(CompatibilityGate.checkSecondRoll(
                    recorded,
                    upgrading,
                    StoredFormats.of(OrdersConfig.defaults()).describe()));

            if (!findings.isEmpty()) {
                fail(
                        "this version cannot replace release %s in a rolling upgrade:%n%s%n(this version's description:"
                                + " %s; docs/compatibility.md says what to do)",
                        release,
                        findings.stream().map(f -> "  - " + f).collect(Collectors.joining(System.lineSeparator())),
                        CURRENT.toAbsolutePath());
            }
        }
    }

    @Test
    void everyRecordedReleaseNamesTheCommitItWasBuiltFrom() {
        for (String release : Releases.RECORDED) {
            assertThat(Releases.describe(release).orElseThrow().commit())
                    .as("release %s", release)
                    .matches("[0-9a-f]{40}");
        }
        assertThat(Releases.previous().release()).isEqualTo(Releases.RECORDED.get(Releases.RECORDED.size() - 1));
    }

    @Test
    void aRecordedDescriptionReadsBackAsWritten() {
        ReleaseDescription current = StoredFormats.of(OrdersConfig.defaults()).describe();

        assertThat(ReleaseDescription.fromJson(current.toJson())).isEqualTo(current);
    }
}
