package io.hactl.config;

/**
 * How the physical rebuild's copy travels between the nodes ({@code database.copy}): straight
 * from the master to the node over plain TCP (socat on both, the controller starting both ends
 * over SSH) when {@code direct} is on (auto) and the nodes reach each other, else through this
 * machine inside the two SSH sessions. Direct saves the controller's network and CPU (every byte
 * crosses it twice otherwise); off keeps the copy encrypted where the nodes' network is not trusted.
 *
 * @param direct true for {@code direct: auto} (the default), false for {@code direct: off}
 * @param port   the node's TCP port the listener takes for the copy's time ({@code port}, default 4444)
 */
public record DatabaseCopyConfig(boolean direct, int port) {

    public static final int DEFAULT_PORT = 4444;

    /** direct: auto, port 4444. */
    public static DatabaseCopyConfig defaults() {
        return new DatabaseCopyConfig(true, DEFAULT_PORT);
    }
}
