package io.orderseos.order;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.internal.HeldEvent;
import io.orderseos.schemas.internal.HeldHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * An input record as the reorder buffer keeps it ({@link HeldEvent}): its bytes, headers and
 * provenance as they arrived, so that it is decoded again when it is applied, and is the same record
 * if it becomes a dead letter. As an {@link ErrorHandlerContext} it is what the dead letters are
 * built from, as the exception handlers build them from the record in process.
 */
final class HeldRecord implements ErrorHandlerContext {
    private final HeldEvent held;
    private final String processor;
    private final TaskId task;

    HeldRecord(HeldEvent held, String processor, TaskId task) {
        this.held = held;
        this.processor = processor;
        this.task = task;
    }

    /**
     * The record in process, as it arrived. Its raw bytes are in Kafka Streams' record context, which
     * the processor API does not expose: an internal interface, pinned by {@code ReorderBufferTest}
     * (a held record's dead letter is byte for byte the input record).
     */
    static HeldEvent capture(
            ProcessorContext<?, ?> context, OrderEvent event, long streamTime, long wallClock, OrderEventType awaited) {
        ProcessorRecordContext record = ((InternalProcessorContext<?, ?>) context).recordContext();
        if (record.sourceRawValue() == null) {
            throw new IllegalStateException("Kafka Streams kept no raw bytes of the record in process ("
                    + record.topic() + "-" + record.partition() + "@" + record.offset() + ")");
        }
        List<HeldHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new HeldHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        return HeldEvent.newBuilder()
                .setHeldAt(streamTime)
                .setHeldAtWallClock(wallClock)
                .setEventId(event.getEventId())
                .setType(event.getType())
                .setAwaited(awaited)
                .setTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setTimestamp(record.timestamp())
                .setKey(record.sourceRawKey() == null ? null : ByteBuffer.wrap(record.sourceRawKey()))
                .setValue(ByteBuffer.wrap(record.sourceRawValue()))
                .setHeaders(headers)
                .build();
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    @Override
    public String topic() {
        return held.getTopic();
    }

    @Override
    public int partition() {
        return held.getPartition();
    }

    @Override
    public long offset() {
        return held.getOffset();
    }

    @Override
    public Headers headers() {
        Headers headers = new RecordHeaders();
        for (HeldHeader header : held.getHeaders()) {
            headers.add(new RecordHeader(header.getKey(), bytes(header.getValue())));
        }
        return headers;
    }

    @Override
    public String processorNodeId() {
        return processor;
    }

    @Override
    public TaskId taskId() {
        return task;
    }

    @Override
    public long timestamp() {
        return held.getTimestamp();
    }

    @Override
    public byte[] sourceRawKey() {
        return bytes(held.getKey());
    }

    @Override
    public byte[] sourceRawValue() {
        return bytes(held.getValue());
    }
}
