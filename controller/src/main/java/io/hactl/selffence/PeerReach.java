package io.hactl.selffence;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Does anything answer on the other node? A TCP connect to each of its ports (its database's, its
 * sshd's), each bounded: an accepted connection is an answer, a refused one too (the host is there);
 * only timeouts and unreachable routes are silence.
 */
public final class PeerReach {

    /** What answered ("198.51.100.12:3306"), or null with why nothing did. */
    public record Answer(String answered, String silence) {
    }

    private PeerReach() {
    }

    public static Answer ask(String address, List<Integer> ports, Duration timeout) {
        List<String> errors = new ArrayList<>();
        for (int port : ports) {
            String where = address + ":" + port;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return new Answer(where, null);
            } catch (java.net.ConnectException e) {
                if (String.valueOf(e.getMessage()).contains("refused")) {
                    return new Answer(where + " (connection refused: the host is there)", null);
                }
                errors.add(where + ": " + e.getMessage());
            } catch (IOException e) {
                errors.add(where + ": " + e.getMessage());
            }
        }
        return new Answer(null, String.join("; ", errors));
    }
}
