package io.orderseos.config;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders the settings reference of docs/configuration.md from the definitions, as Kafka generates
 * its configuration docs from its {@link ConfigDef}s, in Markdown tables GitHub shows: a table per
 * group of {@link OrdersConfig#definition()} and {@link HttpSecurityConfig#definition()}, then the
 * Kafka settings the app gives values of its own ({@link KafkaDefaults}). The document's other text
 * is written by hand; only what lies between {@link #BEGIN} and {@link #END} is replaced.
 */
final class ConfigDocs {
    /** How to regenerate the reference, as the document and a failing check say it. */
    static final String COMMAND = "mvn -B -pl topology -am test -Dtest=ConfigurationDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dconfiguration.docs.write=true";

    static final String BEGIN = "<!-- Generated from the definitions (OrdersConfig, HttpSecurityConfig, KafkaDefaults)"
            + " by ConfigDocs: edit them, not this; docs/testing.md says how to regenerate. -->";
    static final String END = "<!-- End of the generated reference. -->";

    private ConfigDocs() {}

    /** {@code document} with the text between the markers replaced by the reference. */
    static String into(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " section");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n\n" + reference() + document.substring(end);
    }

    /** Every group's table, then the Kafka settings'. */
    static String reference() {
        StringBuilder out = new StringBuilder();
        for (ConfigDef definition : List.of(OrdersConfig.definition(), HttpSecurityConfig.definition())) {
            for (String group : definition.groups()) {
                out.append("### ").append(group).append("\n\n");
                out.append("| key | type | default | valid values | importance | meaning |\n");
                out.append("|---|---|---|---|---|---|\n");
                definition.configKeys().values().stream()
                        .filter(key -> group.equals(key.group))
                        .forEach(key -> row(
                                out,
                                code(key.name),
                                key.type.name().toLowerCase(Locale.ROOT),
                                shownDefault(key),
                                key.validator == null ? "" : key.validator.toString(),
                                key.importance.name().toLowerCase(Locale.ROOT),
                                key.documentation));
                out.append('\n');
            }
        }
        out.append("### Kafka Streams and client settings\n\n");
        out.append("The values orders-eos gives Kafka settings unless they are set; every other Kafka setting"
                + " keeps Kafka's default.\n\n");
        out.append("| key | default here | meaning |\n");
        out.append("|---|---|---|\n");
        KafkaDefaults.FIXED.forEach(setting -> row(out, code(setting.key()), code(setting.value()), setting.meaning()));
        KafkaDefaults.DERIVED.forEach(setting -> row(out, code(setting.key()), setting.value(), setting.meaning()));
        return out.append('\n').toString();
    }

    private static String shownDefault(ConfigKey key) {
        if (key.defaultValue == null) {
            return "none";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "empty" : code(text);
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static void row(StringBuilder out, String... cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }
}
