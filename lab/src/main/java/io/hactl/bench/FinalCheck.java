package io.hactl.bench;

import io.hactl.lab.Lab;
import io.hactl.lab.LabException;
import io.hactl.lab.TableChecksums;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what the {@link TortureChecker} judges from the lab: each writer's rows on the final
 * master, both nodes' CHECKSUM TABLE and GTID positions, once the other node has caught up
 * (bounded: a broken replica shows as a difference, not a hang).
 */
final class FinalCheck {

    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private FinalCheck() {
    }

    /** Rows lost per writer on {@code master} alone (the fault matrix: the heal compares the tables after it). */
    static List<TortureChecker.WriterResult> rows(Lab lab, String master, Map<String, List<Long>> acknowledged) {
        List<TortureChecker.WriterResult> out = new ArrayList<>();
        acknowledged.forEach((writer, ids) -> out.add(TortureChecker.check(writer, ids, TortureChecker.parseIds(
                lab.sqlAsRoot(master, "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writer + "'")))));
        return out;
    }

    /** The whole verdict: rows on the master, then checksums and GTIDs of both nodes. */
    static TortureChecker.Verdict verdict(Lab lab, String master, Map<String, List<Long>> acknowledged) {
        String other = PairView.other(master);
        String pos = gtid(lab, master);
        String otherPos = null;
        List<String> differences;
        try {
            if (PairView.read(lab).node(other).replicatesFrom(master)) {
                // only a node that replicates can catch up; a stopped one is read as it is
                lab.sqlAsRoot(other, "SELECT MASTER_GTID_WAIT('" + pos + "', " + CATCH_UP.toSeconds() + ")",
                        CATCH_UP.plusSeconds(10));
            }
            otherPos = gtid(lab, other);
            TableChecksums a = lab.tableChecksums(master);
            TableChecksums b = lab.tableChecksums(other);
            differences = a.differences(b);
        } catch (LabException e) {
            differences = List.of(other + " could not be read: " + e.getMessage());
        }
        return new TortureChecker.Verdict(master, rows(lab, master, acknowledged), differences, pos, otherPos);
    }

    private static String gtid(Lab lab, String node) {
        return lab.sqlAsRoot(node, "SELECT @@gtid_binlog_pos", Duration.ofSeconds(10)).strip();
    }
}
