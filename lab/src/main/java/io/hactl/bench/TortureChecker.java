package io.hactl.bench;

import io.hactl.lab.TableChecksums;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The torture run's verdict on the data: every id a writer was told was committed must be on
 * the final master exactly once; both nodes must have the same tables with the same
 * CHECKSUM TABLE; and the same GTID position. Pure: the numbers are read by the caller.
 */
final class TortureChecker {

    /** At most this many ids are named in a sentence (the count is always whole). */
    static final int SHOWN = 10;

    private TortureChecker() {
    }

    /**
     * One writer.
     *
     * @param acknowledged how many ids the server said were committed
     * @param lost         acknowledged ids the final master lacks, ascending
     * @param duplicated   ids the final master has more than once, ascending
     * @param unacknowledged ids on the master the writer was never told about (an answer lost with
     *                     the connection: not an error, the client did not know)
     */
    record WriterResult(String writer, int acknowledged, List<Long> lost, List<Long> duplicated,
                        List<Long> unacknowledged) {

        boolean ok() {
            return lost.isEmpty() && duplicated.isEmpty();
        }

        /** "app: 1234 acknowledged, 0 lost" or "hactl: 1200 acknowledged, 7 LOST (ids 17, 18, ...)". */
        String describe() {
            StringBuilder b = new StringBuilder(writer + ": " + acknowledged + " acknowledged, ");
            b.append(lost.isEmpty() ? "0 lost" : lost.size() + " LOST (ids " + ids(lost) + ")");
            if (!duplicated.isEmpty()) {
                b.append(", ").append(duplicated.size()).append(" DUPLICATED (ids ").append(ids(duplicated)).append(')');
            }
            if (!unacknowledged.isEmpty()) {
                b.append(", ").append(unacknowledged.size()).append(" on the master without an answer (ids ")
                        .append(ids(unacknowledged)).append(')');
            }
            return b.toString();
        }
    }

    /** The acknowledged ids of one writer against the ids of its rows on the final master (as read, repeats kept). */
    static WriterResult check(String writer, Collection<Long> acknowledged, Collection<Long> rowsOnMaster) {
        Map<Long, Integer> count = new HashMap<>();
        for (long n : rowsOnMaster) {
            count.merge(n, 1, Integer::sum);
        }
        Set<Long> acked = new LinkedHashSet<>(acknowledged);
        List<Long> lost = acked.stream().filter(n -> !count.containsKey(n)).sorted().toList();
        List<Long> duplicated = count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        List<Long> unacknowledged = count.keySet().stream().filter(n -> !acked.contains(n)).sorted().toList();
        return new WriterResult(writer, acked.size(), lost, duplicated, unacknowledged);
    }

    /**
     * The checker's verdict at the end of a phase.
     *
     * @param master      the final master ("n1")
     * @param writers     one result per writer
     * @param differences tables whose checksums differ between the nodes ({@link TableChecksums#differences})
     * @param gtidMaster  the master's @@gtid_binlog_pos
     * @param gtidOther   the other node's, null when it could not be read
     */
    record Verdict(String master, List<WriterResult> writers, List<String> differences, String gtidMaster,
                   String gtidOther) {

        boolean gtidsEqual() {
            return gtidMaster != null && gtidMaster.equals(gtidOther);
        }

        boolean ok() {
            return writers.stream().allMatch(WriterResult::ok) && differences.isEmpty() && gtidsEqual();
        }

        /** What failed, one sentence each; empty when all is well. */
        List<String> problems() {
            List<String> out = new ArrayList<>();
            writers.stream().filter(w -> !w.ok()).forEach(w -> out.add(w.describe()));
            if (!differences.isEmpty()) {
                out.add("tables differ between the nodes: " + String.join(", ", differences));
            }
            if (!gtidsEqual()) {
                out.add("GTIDs differ: master " + master + " " + gtidMaster + ", other node "
                        + (gtidOther == null ? "unreadable" : gtidOther));
            }
            return out;
        }
    }

    /** "17, 18, 19" or "17, 18, ... (7 in all)". */
    static String ids(List<Long> ids) {
        String shown = ids.stream().limit(SHOWN).map(String::valueOf).collect(Collectors.joining(", "));
        return ids.size() > SHOWN ? shown + ", ... (" + ids.size() + " in all)" : shown;
    }

    /** Ids as read from the client's output, one a line (blank lines ignored). */
    static List<Long> parseIds(String output) {
        List<Long> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.valueOf(line.strip()));
            }
        }
        return out;
    }
}
