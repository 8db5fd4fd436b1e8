package io.orderseos.ops.load;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a run sent: every record counted here was acknowledged by the broker (the aborted ones in a
 * transaction that was then aborted).
 *
 * @param sentByKind records sent, by kind (kinds not sent are absent)
 * @param sent records sent in all
 * @param elapsed from the first record to the last acknowledgement
 * @param stopped whether the stop signal ended the run before its count
 */
public record LoadReport(Map<RecordKind, Long> sentByKind, long sent, Duration elapsed, boolean stopped) {
    public LoadReport {
        EnumMap<RecordKind, Long> copy = new EnumMap<>(RecordKind.class);
        copy.putAll(sentByKind);
        sentByKind = Collections.unmodifiableMap(copy);
    }

    /** Records of {@code kind} sent. */
    public long sent(RecordKind kind) {
        return sentByKind.getOrDefault(kind, 0L);
    }

    /** Records a {@code read_committed} consumer, such as the app, sees: all but the aborted ones. */
    public long visible() {
        return sent - sent(RecordKind.ABORTED);
    }
}
