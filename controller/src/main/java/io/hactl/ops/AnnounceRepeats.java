package io.hactl.ops;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The gratuitous ARP repeated over the first second after a VIP moved (issue 20, "help clients
 * find the new master quickly"): one ARP can be lost, and a neighbour that asked for the VIP while
 * the old holder still answered may keep the old MAC until its entry expires (~30 s). The first
 * one goes out with the add ({@link VipManager#addAndAnnounceCommand}); these follow at
 * {@link #AT} after it, timed on the node (one ssh command, sleeping between them) and run in a
 * thread of their own: the operation does not wait for them. What they did is handed to a
 * logger when they end (the operation's transition log, as a note).
 */
public final class AnnounceRepeats {

    /** After the first gratuitous ARP: +200 ms, +500 ms, +1 s. */
    public static final List<Duration> AT = List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1));

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private AnnounceRepeats() {
    }

    /**
     * Starts the repeats on {@code node} in a daemon thread; returns at once. {@code log} gets one
     * sentence when they ended ("gratuitous ARP for VIP repeated at +0.2, +0.5, +1 s: 3 of 3 sent").
     */
    public static CompletableFuture<String> start(NodeShell shell, NodeConfig node, VipConfig vip, Consumer<String> log) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            String words;
            try {
                words = words(vip, shell.run(command(node, vip), TIMEOUT));
            } catch (RuntimeException e) {
                words = "gratuitous ARP for " + vip.address() + " not repeated: " + e.getMessage();
            }
            try {
                log.accept(words);
            } catch (RuntimeException e) {
                // the log is an aid here: the repeats were sent or not, whatever it says
            }
            done.complete(words);
        }, "hactl-arp-repeats-" + node.name());
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** What {@link #handOffCommand} prints once the repeats run on the node, detached. */
    public static final String HANDED = "gratuitous ARP repeats handed to the node";

    /**
     * The node's command that starts the repeats there, detached from the ssh session (a session of
     * their own with setsid, no terminal, stdin and output on /dev/null, in the background), and
     * returns at once printing {@link #HANDED}: they go on after the session and the caller end
     * (issue 20: a CLI's planned switch exits within a second, and repeats timed in its own JVM
     * were cut, "2 of 3 sent"). Nothing comes back from them; the log says they were handed over.
     */
    public static String handOffCommand(NodeConfig node, VipConfig vip) {
        return detached(command(node, vip)) + "; echo " + q(HANDED);
    }

    /**
     * {@code command} started in the background in a session of its own (setsid where the node has
     * it), stdin and output on /dev/null: the shell that starts it returns at once, and an ssh
     * channel closes without waiting for it or cutting it.
     */
    static String detached(String command) {
        return "{ hactl_setsid=$(command -v setsid || true); $hactl_setsid sh -c " + q(command)
                + " </dev/null >/dev/null 2>&1 & }";
    }

    /** The log's sentence for repeats handed to {@code node} ({@link #handOffCommand}). */
    public static String handedWords(NodeConfig node, VipConfig vip) {
        return "gratuitous ARP for " + vip.address() + " repeated at " + at() + " by " + node.name() + " itself: handed"
                + " to the node, detached from hactl's session (they run after this command exits)";
    }

    private static String at() {
        return String.join(", ", AT.stream().map(d -> "+" + (d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : d.toMillis() + " ms")).toList());
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The node's command: sleep to each time of {@link #AT}, announce, say "sent" or "failed". */
    static String command(NodeConfig node, VipConfig vip) {
        StringBuilder sb = new StringBuilder();
        long before = 0;
        for (Duration d : AT) {
            long gap = d.toMillis() - before;
            before = d.toMillis();
            sb.append("sleep ").append(gap / 1000).append('.').append(String.format("%03d", gap % 1000)).append("; if ")
                    .append(VipManager.announceCommand(node, vip)).append("; then echo sent; else echo failed; fi; ");
        }
        return sb.toString();
    }

    static String words(VipConfig vip, CommandResult r) {
        long sent = r.out().lines().filter(l -> l.strip().equals("sent")).count();
        String words = "gratuitous ARP for " + vip.address() + " repeated at " + at() + ": " + sent + " of " + AT.size()
                + " sent";
        if (sent < AT.size()) {
            words += " (" + (r.ok() ? "arping failed" : r.describe()) + ")";
        }
        return words;
    }
}
