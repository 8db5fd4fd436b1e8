package io.orderseos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's reference is what {@link ConfigDocs} generates from the definitions, so it
 * cannot drift from the code. With {@code -Dconfiguration.docs.write=true} the test rewrites it.
 */
class ConfigurationDocsTest {
    /** Relative to the module, where Maven runs the tests. */
    private static final Path DOCUMENT = Path.of("..", "docs", "configuration.md");

    @Test
    void theReferenceIsGeneratedFromTheDefinitions() throws Exception {
        String checkedIn = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
        String generated = ConfigDocs.into(checkedIn);
        if (Boolean.getBoolean("configuration.docs.write")) {
            Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
            return;
        }
        assertThat(checkedIn)
                .as("docs/configuration.md is not what the definitions say; regenerate it with " + ConfigDocs.COMMAND)
                .isEqualTo(generated);
    }
}
