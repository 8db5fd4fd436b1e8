package io.orderseos.serde;

import org.apache.avro.SystemLimitException;
import org.apache.avro.util.ClassSecurityValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide Avro settings that make decoding hostile bytes safe. Applied once, before the
 * first decode, by every serde of this package.
 *
 * <ul>
 *   <li><b>Allocation limits.</b> Avro trusts length prefixes: a 12-byte payload can claim a
 *       2 GiB string and Avro would try to allocate it. The {@code org.apache.avro.limits.*} system
 *       properties cap strings, bytes and collection sizes. Avro reads them once, when its {@link
 *       SystemLimitException} class initialises, so they are set here unless the operator already
 *       set them (an explicit {@code -D} wins).
 *   <li><b>Trusted classes.</b> Avro 1.12.2 refuses to instantiate generated classes that are not
 *       explicitly trusted (AVRO-4189). This project's generated packages are added to the global
 *       predicate; nothing else is.
 * </ul>
 */
public final class AvroHardening {
    /** Longest string (in bytes) any of our records may hold; ids and SKUs are far shorter. */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** Longest bytes field (decimals are a handful of bytes). */
    public static final int MAX_BYTES_LENGTH = 1 << 20;
    /** Most items in one array or map (line items of an order, currencies of a customer). */
    public static final int MAX_COLLECTION_ITEMS = 100_000;

    static final String GENERATED_PACKAGE = "io.orderseos.schemas";

    private static final Logger log = LoggerFactory.getLogger(AvroHardening.class);

    static {
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        warnIfLimitsInactive();
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, AvroHardening::isGenerated));
    }

    private AvroHardening() {}

    /** Ensures the settings above are in force; cheap after the first call. */
    public static void apply() {
        // The work happens once, in the static initialiser.
    }

    private static boolean isGenerated(Class<?> type) {
        String name = type.getName();
        return name.startsWith(GENERATED_PACKAGE + ".");
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /**
     * If some other code decoded Avro before this class initialised, Avro has already read its
     * limits and ignores the properties set above. Say so loudly rather than run unprotected.
     */
    private static void warnIfLimitsInactive() {
        try {
            SystemLimitException.checkMaxStringLength(MAX_STRING_BYTES + 1L);
            if (System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY)
                    .equals(Integer.toString(MAX_STRING_BYTES))) {
                log.warn(
                        "Avro's allocation limits were initialised before orders-eos could set them; "
                                + "set -D{}={} (and the bytes and collection limits) on the command line",
                        SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
                        MAX_STRING_BYTES);
            }
        } catch (SystemLimitException expected) {
            // The limit is in force.
        }
    }
}
