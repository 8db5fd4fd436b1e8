package io.orderseos.ops.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/producers.md shows each example that {@link ProducerExamplesIT} runs, verbatim: every code
 * block after an {@code <!-- example: PATH -->} comment is the file at PATH (from the project's
 * root), and every example is shown. With {@code -Dproducers.docs.write=true} the blocks are
 * rewritten from the files instead of compared.
 */
class ProducerExamplesDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Path PAGE = ROOT.resolve("docs/producers.md");
    private static final List<String> EXAMPLES = List.of(
            "ops/src/test/java/io/orderseos/ops/producers/JavaProducer.java",
            "ops/src/test/resources/producers/producer.py",
            "ops/src/test/resources/producers/producer.mjs");
    private static final Pattern BLOCK =
            Pattern.compile("<!-- example: (\\S+) -->\n```(\\w+)\n(.*?)```\n", Pattern.DOTALL);
    private static final String WRITE = "producers.docs.write";

    @Test
    void pageShowsEveryExampleAsItIs() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        List<String> shown = new ArrayList<>();
        StringBuilder rewritten = new StringBuilder();
        Matcher block = BLOCK.matcher(page);
        while (block.find()) {
            String path = block.group(1);
            shown.add(path);
            String file = Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
            block.appendReplacement(
                    rewritten,
                    Matcher.quoteReplacement(
                            "<!-- example: " + path + " -->\n```" + block.group(2) + "\n" + file + "```\n"));
        }
        block.appendTail(rewritten);
        assertThat(shown).as("the examples shown in %s", PAGE).containsExactlyInAnyOrderElementsOf(EXAMPLES);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(PAGE, rewritten, StandardCharsets.UTF_8);
            return;
        }
        assertThat(page)
                .as(
                        "an example in %s differs from its file; copy the files into the page with: mvn -B -pl ops"
                                + " -am test -Dtest=ProducerExamplesDocTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true",
                        PAGE, WRITE)
                .isEqualTo(rewritten.toString());
    }
}
