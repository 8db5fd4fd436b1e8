package io.orderseos.ops.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports, chosen once and then kept: a process restarted after a fault must come back
 * on the address its peers and clients already know.
 */
final class FreePorts {
    private FreePorts() {}

    /**
     * {@code count} distinct free ports: all sockets are held open together so none repeats. They
     * bind the wildcard address, so a port is free on loopback and on every other interface.
     */
    static List<Integer> pick(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    static int pick() throws IOException {
        return pick(1).get(0);
    }
}
