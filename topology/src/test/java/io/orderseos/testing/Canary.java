package io.orderseos.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;

/**
 * A listener on loopback that nothing should ever reach: it counts connections, keeps every byte
 * received (after TLS, if it speaks TLS: to show what a wrongly sent request would have revealed)
 * and answers each with a fixed response, as an internal service at an address an attacker chose would.
 */
public final class Canary implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] answer;

    private Canary(ServerSocket server, String answer) {
        this.server = server;
        this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Listens on a free loopback port, answering every connection with {@code answer}. */
    public static Canary start(String answer) throws IOException {
        return start(answer, ServerSocketFactory.getDefault());
    }

    /** The same over TLS, with the certificate of {@code tls}. */
    public static Canary startTls(String answer, SSLContext tls) throws IOException {
        return start(answer, tls.getServerSocketFactory());
    }

    private static Canary start(String answer, ServerSocketFactory sockets) throws IOException {
        Canary canary = new Canary(sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer);
        Thread thread = new Thread(canary::serve, "canary");
        thread.setDaemon(true);
        thread.start();
        return canary;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections reached it. */
    public int connections() {
        return connections.get();
    }

    /** Everything it received, as text. */
    public String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                socket.setSoTimeout(1000);
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                try {
                    // Up to the end of a request's headers, or whatever arrives within a second (a TLS hello).
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (received) {
                            received.write(buffer, 0, n);
                        }
                        if (received().contains("\r\n\r\n")) {
                            break;
                        }
                    }
                } catch (IOException quiet) {
                    // the client stopped sending, or a TLS handshake failed: answer what came
                }
                socket.getOutputStream().write(answer);
            } catch (IOException e) {
                // closed, or a client went away: keep listening until closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
