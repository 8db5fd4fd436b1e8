package io.orderseos.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds for the JDK HTTP server ({@code com.sun.net.httpserver}), which takes them from system
 * properties read once, when the first server of the JVM is created. Its own defaults let a request
 * and a response take forever and accept any number of connections. Each is set here only if the
 * command line has not set it ({@code -Dsun.net.httpserver.maxReqTime=...} wins). Names and units
 * are the JDK 17 server's ({@code sun.net.httpserver.ServerConfig}).
 */
final class ServerLimits {
    /** Property → value, in the order of docs/security.md, "What a client cannot do". */
    static final Map<String, String> DEFAULTS = defaults();

    private ServerLimits() {}

    private static Map<String, String> defaults() {
        Map<String, String> limits = new LinkedHashMap<>();
        // Seconds to receive a whole request, TLS handshake included: a slow client (slowloris) holds a
        // thread at most this long. Also the time a new connection may stay silent.
        limits.put("sun.net.httpserver.maxReqTime", "10");
        // Seconds to send a whole response: a client that does not read cannot hold a thread longer.
        limits.put("sun.net.httpserver.maxRspTime", "30");
        // Bytes of request line plus headers (the JDK's default is 380 KiB); beyond, the connection is
        // closed without an answer. Ids are at most 256 characters; a bearer token is short.
        limits.put("sun.net.httpserver.maxReqHeaderSize", "16384");
        limits.put("sun.net.httpserver.maxReqHeaders", "100");
        // Open connections, idle ones included; beyond, a new connection is closed at once. Unbounded by
        // default: a flood would take the file descriptors Kafka's clients and RocksDB need.
        limits.put("jdk.httpserver.maxConnections", "512");
        // Seconds a kept-alive connection may stay idle (the JDK's default, stated).
        limits.put("sun.net.httpserver.idleInterval", "30");
        // The server writes a response's headers and body separately; with Nagle's algorithm on, the
        // body waits for the client's delayed ACK: 40 ms added to every request on a kept-alive
        // connection (docs/architecture.md, HTTP layer, has the measurement).
        limits.put("sun.net.httpserver.nodelay", "true");
        return limits;
    }

    /** Sets each bound the command line has not set; effective if no JDK server was created before. */
    static void apply() {
        DEFAULTS.forEach((property, value) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        });
    }
}
