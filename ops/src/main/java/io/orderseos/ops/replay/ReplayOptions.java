package io.orderseos.ops.replay;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.CommandOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dlq-replay} does: which letters, whether for real, and how.
 *
 * @param again whether letters of records that were themselves replays are replayed too
 * @param show how many letters to list by their provenance
 * @param limit replay at most this many letters in this run (0: no limit)
 * @param batch letters per transaction at most
 * @param timeout how long a call to the brokers, or reading without progress, may take
 */
record ReplayOptions(
        Selection selection, boolean again, boolean dryRun, int show, long limit, int batch, Duration timeout) {
    static final Set<String> OPTIONS = Set.of(
            "config",
            "bootstrap-servers",
            "bootstrap-server",
            "reason",
            "source-partition",
            "from-offset",
            "to-offset",
            "from-time",
            "to-time",
            "again",
            "dry-run",
            "show",
            "limit",
            "batch",
            "timeout");

    /**
     * Parses the command line's options ({@code --name value} pairs without the dashes).
     *
     * @throws IllegalArgumentException naming the option that is unknown, missing or wrong
     */
    static ReplayOptions parse(Map<String, String> given) {
        CommandOptions options = new CommandOptions("dlq-replay", given, OPTIONS);
        Selection selection = new Selection(
                reasons(options.string("reason", null)),
                options.has("source-partition") ? options.integer("source-partition", 0, 0) : null,
                options.has("from-offset") ? options.whole("from-offset", 0, 0) : null,
                options.has("to-offset") ? options.whole("to-offset", 0, 0) : null,
                options.instant("from-time"),
                options.instant("to-time"));
        return new ReplayOptions(
                selection,
                options.flag("again"),
                options.flag("dry-run"),
                options.integer("show", 10, 0),
                options.whole("limit", 0, 0),
                options.integer("batch", 100, 1),
                options.duration("timeout", Duration.ofSeconds(30)));
    }

    /** {@code OVERSIZE,validation}: names of {@link DeadLetterReason}, any case, comma-separated. */
    private static Set<DeadLetterReason> reasons(String list) {
        if (list == null) {
            throw new IllegalArgumentException("--reason is required: one or more of "
                    + Arrays.toString(DeadLetterReason.values()) + ", comma-separated (see dlq-replay --help)");
        }
        Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
        for (String name : list.split(",")) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                reasons.add(DeadLetterReason.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--reason: unknown reason '" + name.trim() + "'; known: "
                                + Arrays.toString(DeadLetterReason.values()),
                        e);
            }
        }
        return reasons;
    }
}
