package io.orderseos.ops;

import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A help footer that lists named things (chaos's scenarios, bench's phases) as a table, each
 * description wrapped beside its name as picocli wraps the options'.
 */
public final class HelpFooter {
    private HelpFooter() {}

    /** Makes {@code rows} (name to description, in order) the footer of {@code spec}'s help. */
    public static void list(CommandSpec spec, Map<String, String> rows) {
        spec.usageMessage().sectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> table(help, rows));
    }

    private static String table(Help help, Map<String, String> rows) {
        int names = rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 3; // indent 2, a space
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(
                help.colorScheme(),
                new Column(names, 2, Column.Overflow.SPAN),
                new Column(width - names, 0, Column.Overflow.WRAP));
        rows.forEach(table::addRowValues);
        return table.toString();
    }
}
