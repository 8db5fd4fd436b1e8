package io.orderseos.ops.load;

import io.orderseos.ops.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Sends a {@link LoadGenerator} stream to Kafka: the entry point of {@code produce}, and of any
 * command that needs load while it does something else (a chaos harness runs it on a thread while
 * it kills processes, and stops it with its {@code stop} signal).
 */
public final class Load {
    private Load() {}

    /**
     * Creates the topic if missing, then sends {@link LoadOptions#count()} records at {@link
     * LoadOptions#rate()}, drawing a progress bar on {@code out}. Returns once every record sent is
     * acknowledged, or, when {@code stop} (asked before each record) says so, with what was sent
     * until then, acknowledged too.
     *
     * @throws IllegalArgumentException if the topic exists with another partition count
     * @throws IllegalStateException if a record cannot be sent (the producer retries for {@value
     *     LoadProducers#DELIVERY_TIMEOUT_MS} ms first) or the broker cannot be reached: the run stops
     *     at that record
     * @throws InterruptedException if the thread is interrupted; records may then be in flight
     */
    public static LoadReport run(LoadOptions options, PrintStream out, BooleanSupplier stop)
            throws InterruptedException {
        InputTopic.ensure(options);
        long startNanos = System.nanoTime();
        Map<RecordKind, Long> sent = new EnumMap<>(RecordKind.class);
        Progress progress = new Progress(out, "Producing to " + options.topic(), options.count());
        Pacer pacer = new Pacer(options.rate());
        long count = 0;
        boolean stopped = false;
        try (LoadProducers producers = new LoadProducers(options)) {
            for (LoadRecord record : new LoadGenerator(options)) {
                if (stop.getAsBoolean()) {
                    stopped = true;
                    out.println();
                    break;
                }
                pacer.awaitTurn(count);
                producers.send(count, record);
                sent.merge(record.kind(), 1L, Long::sum);
                progress.update(++count);
            }
            producers.flush();
        } catch (InterruptException e) {
            Thread.interrupted(); // Kafka's unchecked version sets the flag; the checked one stands for it
            InterruptedException interrupted = new InterruptedException("interrupted while sending record #" + count);
            interrupted.initCause(e);
            throw interrupted;
        }
        return new LoadReport(sent, count, Duration.ofNanos(System.nanoTime() - startNanos), stopped);
    }
}
