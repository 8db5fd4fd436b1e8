package io.orderseos.ops.replay;

import io.orderseos.deadletter.DeadLetterReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one run of {@code dlq-replay} found and did, letter by letter, with examples to show. */
final class ReplayReport {
    /** Why a chosen letter was not replayed. */
    enum Skip {
        TRUNCATED(
                "Not replayable",
                "truncated: the value was cut at orders.dlq.max.bytes and cannot be replayed faithfully"),
        FAILED_AGAIN(
                "Rejected again",
                "a replayed record the app rejected again (it carries orders.replay.origin); --again replays it"),
        NO_PROVENANCE("Not replayable", "no provenance headers: the original partition is unknown"),
        OTHER_TOPIC("Not replayable", "from another topic than the input"),
        NO_SUCH_PARTITION("Not replayable", "its original partition is not in the input topic any more");

        private final String label;
        private final String meaning;

        Skip(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        String label() {
            return label;
        }

        String meaning() {
            return meaning;
        }
    }

    private final int show;
    private final Map<DeadLetterReason, Long> replayed = new EnumMap<>(DeadLetterReason.class);
    private final List<String> examples = new ArrayList<>();
    private final Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
    private final Map<Skip, List<String>> skippedExamples = new EnumMap<>(Skip.class);
    private long scanned;
    private long notSelected;
    private long alreadyReplayed;
    private long transactions;
    private boolean limitReached;

    ReplayReport(int show) {
        this.show = show;
    }

    void scanned() {
        scanned++;
    }

    void notSelected() {
        notSelected++;
    }

    void alreadyReplayed() {
        alreadyReplayed++;
    }

    /** A letter replayed (or, in a dry run, to be replayed). */
    void replayed(Letter letter) {
        replayed.merge(letter.reason(), 1L, Long::sum);
        if (examples.size() < show) {
            examples.add(letter.describe());
        }
    }

    void skipped(Letter letter, Skip why) {
        skipped.merge(why, 1L, Long::sum);
        List<String> list = skippedExamples.computeIfAbsent(why, k -> new ArrayList<>());
        if (list.size() < show) {
            list.add(letter.describe()
                    + (why == Skip.TRUNCATED ? "  original " + letter.originalLength() + " bytes" : ""));
        }
    }

    void committed() {
        transactions++;
    }

    void limitReached() {
        limitReached = true;
    }

    long scannedCount() {
        return scanned;
    }

    long replayedCount() {
        return replayed.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<DeadLetterReason, Long> replayedByReason() {
        return Collections.unmodifiableMap(replayed);
    }

    List<String> examples() {
        return Collections.unmodifiableList(examples);
    }

    long skippedCount(Skip why) {
        return skipped.getOrDefault(why, 0L);
    }

    List<String> skippedExamples(Skip why) {
        return skippedExamples.getOrDefault(why, List.of());
    }

    long notSelectedCount() {
        return notSelected;
    }

    long alreadyReplayedCount() {
        return alreadyReplayed;
    }

    long transactions() {
        return transactions;
    }

    boolean isLimitReached() {
        return limitReached;
    }
}
