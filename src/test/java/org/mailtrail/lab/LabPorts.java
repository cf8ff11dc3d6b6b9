package org.mailtrail.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a lab in a test: five distinct ports, each free now on {@code address}, taken below Linux's ephemeral range
 * (32768–60999). A port the kernel handed out for {@code bind(0)} is from that range, where the lab's own outgoing
 * connections (from the hosts' addresses) also take their local ports: a listener started a moment later on such a
 * port found it in use (LabClientsTest in a full build, "cannot listen on 127.80.0.2:45005").
 */
public final class LabPorts {
    private LabPorts() {
    }

    /** Five ports free now on {@code address}, between 20000 and 32767. */
    public static LabPlan.Ports free(String address) throws IOException {
        Set<Integer> taken = new HashSet<>();
        int[] p = new int[5];
        for (int i = 0; i < 5; i++) {
            for (int tries = 0; ; tries++) {
                int port = ThreadLocalRandom.current().nextInt(20000, 32768);
                if (taken.contains(port)) {
                    continue;
                }
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(address, port));
                    p[i] = port;
                    taken.add(port);
                    break;
                } catch (IOException inUse) {
                    if (tries > 200) {
                        throw inUse;
                    }
                }
            }
        }
        return new LabPlan.Ports(p[0], p[1], p[2], p[3], p[4]);
    }
}
