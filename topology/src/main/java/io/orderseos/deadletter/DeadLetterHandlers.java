package io.orderseos.deadletter;

import io.orderseos.config.OrdersConfig;
import io.orderseos.time.FutureTimestamps;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handlers: the processing handler turns bad input into dead letters through Kafka's
 * own dead-letter support (KIP-1034): the records it returns are sent by the task's record collector
 * while the record is processed, inside the same transaction as its outputs, state changes and the
 * offset past it.
 *
 * <p>Only <em>bad data</em> is dead-lettered, and only records of the input topic: a dead letter is
 * an input record that can be replayed once its cause is fixed. Anything else (a store failure, a
 * bug, an unreachable broker or registry, an undecodable record of an internal topic such as the
 * repartition topic) is a fault: the handler answers FAIL and the thread is replaced or the app
 * stops, and the record is processed again later. Dead-lettering a fault would lose a good record:
 * an internal record carries state that exists nowhere else (the customer update of an applied
 * event), and {@code dlq-replay} could not send it back where it came from.
 */
public final class DeadLetterHandlers {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {}

    /** The input topic's name in {@code configs}, which are the app's: the one topic dead letters come from. */
    static String inputTopic(Map<String, ?> configs) {
        Object topic = configs.get(OrdersConfig.INPUT_TOPIC);
        return topic == null ? OrdersConfig.APP_DEFAULTS.get(OrdersConfig.INPUT_TOPIC) : topic.toString();
    }

    static DeadLetters deadLetters(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                    null,
                    "orders-eos needs a dead-letter topic");
        }
        Object maxBytes = configs.get(OrdersConfig.DLQ_MAX_BYTES);
        int max = maxBytes == null
                ? Integer.parseInt(OrdersConfig.APP_DEFAULTS.get(OrdersConfig.DLQ_MAX_BYTES))
                : Integer.parseInt(maxBytes.toString());
        return new DeadLetters(
                topic.toString(), max, DeadLetters.maxRequestSize(configs), FutureTimestamps.from(configs));
    }

    /**
     * A record Kafka Streams could not decode: always a fault. The input topic's source never fails
     * on bad data (its values are {@code InputValue}s, its keys bytes: the {@code validate} stage
     * rejects undecodable input as it processes it, which keeps those dead letters exactly-once); so
     * what reaches this handler is an internal record that cannot be read, or a deserializer's fault.
     */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private String input;

        @Override
        public void configure(Map<String, ?> configs) {
            input = inputTopic(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (input.equals(context.topic()) || !(exception instanceof SerializationException)) {
                log.error(
                        "Failing on a deserializer fault that is not bad data: topic={} partition={} offset={}",
                        context.topic(),
                        context.partition(),
                        context.offset(),
                        exception);
            } else {
                log.error(
                        "Failing on an undecodable record of {}, which is not the input topic {}: only input records"
                                + " become dead letters. An internal record that cannot be read is a fault (written"
                                + " by an instance of another version? see docs/compatibility.md):"
                                + " partition={} offset={}",
                        context.topic(),
                        input,
                        context.partition(),
                        context.offset(),
                        exception);
            }
            return Response.fail();
        }
    }

    /** Records a processor rejected with {@link RejectedEventException}. */
    public static final class Processing implements ProcessingExceptionHandler {
        private DeadLetters deadLetters;
        private DeadLetterCounts counts;
        private String input;

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters = deadLetters(configs);
            counts = DeadLetterCounts.from(configs);
            input = inputTopic(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            if (exception instanceof RejectedEventException rejected && input.equals(context.topic())) {
                counts.record(rejected.reason());
                Exception cause = rejected.getCause() instanceof Exception found ? found : rejected;
                return Response.resume(
                        List.of(deadLetters.build(context, rejected.reason(), rejected.detail(), cause)));
            }
            log.error(
                    "Failing on an unexpected error in processor {}: topic={} partition={} offset={}",
                    context.processorNodeId(),
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception);
            return Response.fail();
        }
    }
}
