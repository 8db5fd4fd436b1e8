package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance killed with {@code kill -9} while it processes, restarted on its own state directory:
 * what the crash cost it, to set beside the restore of a wiped state directory in the same run.
 *
 * @param restored changelog records it read to restore (its restore consumer's count)
 * @param restore from its HTTP API answering (Kafka Streams started) to RUNNING
 * @param toReady from the process's start to RUNNING
 * @param sentBeforeKill records of the load sent to it before the kill
 */
record CrashRestart(long restored, Duration restore, Duration toReady, long sentBeforeKill) {

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("restoredRecords", restored);
        json.put("restoreSeconds", restore.toMillis() / 1000.0);
        json.put("processStartToReadySeconds", toReady.toMillis() / 1000.0);
        json.put("sentBeforeKill", sentBeforeKill);
        return json;
    }

    @Override
    public String toString() {
        return String.format(
                "%,d records restored in %.1f s (%.1f s from process start); killed with %,d records of new load sent",
                restored, restore.toMillis() / 1000.0, toReady.toMillis() / 1000.0, sentBeforeKill);
    }
}
