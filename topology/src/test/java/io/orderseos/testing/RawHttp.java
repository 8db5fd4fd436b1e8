package io.orderseos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte on a plain socket, for requests no well-behaved client would send:
 * absolute request targets, forged headers, oversized lines, requests that never finish.
 */
public final class RawHttp {
    private RawHttp() {}

    /** A GET of {@code target} with these header lines (each ending in CRLF), closing after the answer. */
    public static String get(int port, String target, String headerLines) throws IOException {
        return exchange(
                port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headerLines + "\r\n");
    }

    /**
     * Sends {@code request} as it is and returns all the server sent until it closed the connection;
     * empty if it closed (or reset) it without an answer.
     */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException closedWhileWriting) {
                return "";
            }
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketException reset) {
                // closed with unread input: a reset instead of a FIN; what came before still counts
            }
            return answer.toString();
        }
    }

    /** The status code of a raw answer, or -1 if there is none. */
    public static int status(String answer) {
        if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }
}
