package io.orderseos.ops.replay;

import io.orderseos.deadletter.DeadLetterReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters to replay: by reason, and optionally by where the original record was (its
 * partition and an offset range in it) and when (its timestamp). Every bound is optional but the
 * reasons; ranges are inclusive at the start and the offset range at the end too, the time range
 * exclusive at the end.
 *
 * @param sourcePartition the original record's partition, or null for any
 * @param fromOffset the first original offset, or null
 * @param toOffset the last original offset, or null
 * @param fromTime the earliest original timestamp, or null
 * @param toTime the original timestamp to stop before, or null
 */
record Selection(
        Set<DeadLetterReason> reasons,
        Integer sourcePartition,
        Long fromOffset,
        Long toOffset,
        Instant fromTime,
        Instant toTime) {

    Selection {
        if (reasons == null || reasons.isEmpty()) {
            throw new IllegalArgumentException(
                    "--reason is required: one or more of " + List.of(DeadLetterReason.values()));
        }
        reasons = Collections.unmodifiableSet(EnumSet.copyOf(reasons));
        if (sourcePartition != null) {
            ReplayOptions.atLeast("--source-partition", sourcePartition, 0);
        }
        if (fromOffset != null) {
            ReplayOptions.atLeast("--from-offset", fromOffset, 0);
        }
        if (toOffset != null) {
            ReplayOptions.atLeast("--to-offset", toOffset, 0);
        }
        if (fromOffset != null && toOffset != null && fromOffset > toOffset) {
            throw new IllegalArgumentException(
                    "--from-offset " + fromOffset + " is after --to-offset " + toOffset + ": nothing would match");
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new IllegalArgumentException(
                    "--from-time " + fromTime + " is not before --to-time " + toTime + ": nothing would match");
        }
    }

    /** Whether {@code letter} is chosen. A letter without provenance matches only when no source bound is set. */
    boolean matches(Letter letter) {
        if (letter.reason() == null || !reasons.contains(letter.reason())) {
            return false;
        }
        boolean sourceBound = sourcePartition != null || fromOffset != null || toOffset != null;
        if (sourceBound && !letter.hasSource()) {
            return false;
        }
        if (sourcePartition != null && letter.sourcePartition() != sourcePartition) {
            return false;
        }
        if (fromOffset != null && letter.sourceOffset() < fromOffset) {
            return false;
        }
        if (toOffset != null && letter.sourceOffset() > toOffset) {
            return false;
        }
        if (fromTime != null && letter.timestamp().isBefore(fromTime)) {
            return false;
        }
        return toTime == null || letter.timestamp().isBefore(toTime);
    }

    /** For a person: "reasons [OVERSIZE], source partition 2, offsets 100..200". */
    String describe() {
        List<String> parts = new ArrayList<>(List.of("reasons " + reasons));
        if (sourcePartition != null) {
            parts.add("source partition " + sourcePartition);
        }
        if (fromOffset != null || toOffset != null) {
            parts.add("source offsets " + (fromOffset == null ? "0" : fromOffset) + ".."
                    + (toOffset == null ? "" : toOffset));
        }
        if (fromTime != null || toTime != null) {
            parts.add(
                    "timestamps " + (fromTime == null ? "" : fromTime) + " until " + (toTime == null ? "now" : toTime));
        }
        return String.join(", ", parts);
    }
}
