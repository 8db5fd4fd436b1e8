package io.orderseos.ops;

import io.orderseos.serde.KnownWriterSchemas;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code orders-eos-ops schemas}: the writer schemas a producer of {@code orders} may use, each
 * with its fingerprint (the 8 bytes on the wire and the number) and its Parsing Canonical Form.
 * The same text as docs/producers.md's "Known writer schemas", rendered from the table the app
 * looks fingerprints up in, so it is what this build accepts.
 */
@Command(
        name = "schemas",
        header = "list the writer schemas the app accepts on orders, with their fingerprints",
        description = {
            "Every accepted version of OrderEvent: its fingerprint as the 8 bytes after C3 01 on the wire and as"
                    + " the CRC-64-AVRO number, and its Parsing Canonical Form, the text the fingerprint is"
                    + " computed from (docs/producers.md#fingerprint)."
        },
        exitCodeList = {"0:success", "2:bad usage"})
public final class SchemasCommand implements Callable<Integer> {
    private final PrintStream out;

    SchemasCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.print("Writer schemas of OrderEvent accepted on the input topic, oldest first:\n");
        out.print(KnownWriterSchemas.markdown());
        out.flush();
        return 0;
    }
}
