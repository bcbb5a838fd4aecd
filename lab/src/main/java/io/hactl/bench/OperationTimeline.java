package io.hactl.bench;

import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where ack → writable goes (issue 20, the profile): the failover's steps as its transition log holds them,
 * each start and end as ms after the ack, with the bench's own "writable through the VIP" and "first
 * write" beside them. The steps' own durations (in the controller's output) leave out what lies between
 * them (the log lines, the step set-up); the offsets show it.
 */
final class OperationTimeline {

    private OperationTimeline() {
    }

    /** The lines of {@code log}'s operation entries from {@code ack} on, with the two client-side marks. */
    static List<String> lines(List<TransitionEntry> entries, Instant ack, long writableMs, long writeMs) {
        List<String> out = new ArrayList<>();
        boolean writable = false;
        boolean write = false;
        for (TransitionEntry e : entries) {
            if (!(e instanceof OperationEntry o) || o.time().isBefore(ack)) {
                continue;
            }
            long at = Duration.between(ack, o.time()).toMillis();
            if (!writable && at > writableMs) {
                out.add(String.format(Locale.ROOT, "+%5d ms  (bench) n2 writable through the VIP", writableMs));
                writable = true;
            }
            if (!write && at > writeMs) {
                out.add(String.format(Locale.ROOT, "+%5d ms  (bench) the writer's first acknowledged write", writeMs));
                write = true;
            }
            String what = o.step() != null ? o.step() : o.detail() == null ? "" : o.detail();
            out.add(String.format(Locale.ROOT, "+%5d ms  %-10s %-4s %s%s", at, o.event().name(),
                    o.node() == null ? "" : o.node(), what.length() > 110 ? what.substring(0, 110) + "..." : what,
                    o.elapsedMs() == null ? "" : " (" + o.elapsedMs() + " ms)"));
        }
        return out;
    }

    static void write(Path file, TransitionLog log, Instant ack, long writableMs, long writeMs) {
        try {
            Files.write(file, lines(log.readAll().entries(), ack, writableMs, writeMs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
