package io.hactl.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When each ZooKeeper member was last cut off from the others (its link down, its bridge port
 * isolated, a blackhole route, SIGSTOP), kept in the lab directory ({@code cuts/{node}}: epoch ms)
 * so that a heal run by another process ({@code hactl lab heal} after a test) knows it too.
 * <p>
 * Why: a member cut off for less than syncLimit ticks answers "follower" the moment its link is
 * back, and its leader can still drop it (nothing came over their connection for syncLimit ticks:
 * TCP's retransmission back-off can keep it silent after the link is up). Both ends give up on
 * that connection at the latest {@link LabZookeeper#STALE_AFTER} after the cut began, not after
 * the repair: heal waits until then ({@link #staleUntil}), only for the members that were cut off.
 * A member killed and started again joins afresh, and is not waited on.
 */
final class LabCuts {

    /**
     * A member resumed from SIGSTOP: its own timers stood still while it was stopped, so a stale
     * leader notices it lost its quorum within a tick of SIGCONT (its lead loop checks every half
     * tick): two ticks.
     */
    static final Duration AFTER_RESUME = Duration.ofSeconds(2);

    private final Path dir;

    LabCuts(LabLayout layout) {
        this.dir = layout.dir().resolve("cuts");
    }

    /** The member on {@code n} is cut off from the others now. */
    void record(LabNode n) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(n.name()), Long.toString(System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the cut of " + n + " in " + dir, e);
        }
    }

    /** The cuts recorded since the last heal: node → epoch ms of its latest cut (an unreadable record is left out). */
    Map<LabNode, Long> recorded() {
        Map<LabNode, Long> cuts = new LinkedHashMap<>();
        for (LabNode n : LabNode.HOSTS) {
            Path f = dir.resolve(n.name());
            try {
                if (Files.exists(f)) {
                    cuts.put(n, Long.parseLong(Files.readString(f).strip()));
                }
            } catch (IOException | NumberFormatException e) {
                // no usable record: heal counts from its repair, the longest wait
            }
        }
        return cuts;
    }

    /** Heal is done with the cuts: the ensemble is whole and nothing of them can drop a member any more. */
    void clear() {
        for (LabNode n : LabNode.HOSTS) {
            try {
                Files.deleteIfExists(dir.resolve(n.name()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the cut record " + dir.resolve(n.name()), e);
            }
        }
    }

    /**
     * Until when (epoch ms) a member of {@code cutOff} can still be dropped by its leader:
     * {@link LabZookeeper#STALE_AFTER} past the start of its cut ({@code recorded}; without a record,
     * or with one later than the repair, past {@code repairedAt}, the longest it can be), and for a
     * member resumed from SIGSTOP at least {@link #AFTER_RESUME} past its resume. {@link Long#MIN_VALUE}
     * when no member was cut off.
     */
    static long staleUntil(Set<LabNode> cutOff, Map<LabNode, Long> recorded, Map<LabNode, Long> resumed,
                           long repairedAt) {
        long until = Long.MIN_VALUE;
        for (LabNode n : cutOff) {
            Long cut = recorded.get(n);
            long start = cut == null || cut > repairedAt ? repairedAt : cut;
            long mine = start + LabZookeeper.STALE_AFTER.toMillis();
            Long resume = resumed.get(n);
            if (resume != null) {
                mine = Math.max(mine, resume + AFTER_RESUME.toMillis());
            }
            until = Math.max(until, mine);
        }
        return until;
    }

    /**
     * Whether heal's wait on the members it reconnected is over: the three serve, and either every member
     * whose quorum connections heal reset ({@link LabZookeeper#resetQuorumConnections}) was seen away since
     * (it left its stale connection and rejoined afresh), or {@code staleUntil} has passed.
     */
    static boolean settled(boolean allServing, boolean everyResetSeenAway, long now, long staleUntil) {
        return allServing && (everyResetSeenAway || now >= staleUntil);
    }
}
