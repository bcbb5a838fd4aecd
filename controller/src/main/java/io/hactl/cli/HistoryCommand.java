package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.log.HistoryText;
import io.hactl.log.TimeSpec;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the transition log: every operation and step (when, what, result, who, why) and every
 * controller line (state changes, proposals, acknowledgements, alerts), oldest first.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print the transition log: every operation and step, who and why; the controller's state"
                + " changes, proposals, acknowledgements and alerts.",
                "Read from <state_directory>/transitions.jsonl, oldest first: time, node, result, who ran it, why.",
                "Controller lines read: STATE  ACTIVE_SYNCED -> MASTER_DOWN  <what was seen>; PROPOSAL  <id> ...;"
                        + " ACK  <id> by <who> \"<comment>\"."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed (also when nothing is recorded)", "3:bad config"})
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = {"-l", "--last"}, paramLabel = "N", description = "Only the last N lines.")
    Integer last;

    @Option(names = "--operation", paramLabel = "ID", description = "Only the lines of this operation run.")
    String operationId;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only the lines at or after this time: a time ago (30m, 2h, 2d), a UTC time as history"
                    + " prints it (2026-12-01 19:02[:03]), or an ISO instant (2026-12-01T19:02:03Z).")
    String since;

    @Option(names = "--json", description = "One JSON object per line, as stored.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant from;
        try {
            from = since == null ? null : TimeSpec.parse(since, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, "history: --since " + e.getMessage());
        }
        if (last != null && last < 1) {
            throw new BadUsage(spec, "history: --last " + last + ": give how many of the last lines to print, 1 or more");
        }
        // --json prints the lines as stored: which config goes to stderr
        HactlConfig cfg = configOption.load("history", spec.commandLine().getErr(), json ? spec.commandLine().getErr() : out);
        if (cfg == null) {
            return 3;
        }
        TransitionLog log = new TransitionLog(cfg.stateDirectory());
        TransitionLog.Contents contents = log.readAll();
        List<TransitionEntry> entries = contents.entries().stream()
                .filter(e -> operationId == null || operationId.equals(TransitionEntry.operationIdOf(e)))
                .filter(e -> from == null || e.time() != null && !e.time().isBefore(from)).toList();
        if (last != null && entries.size() > last) {
            entries = entries.subList(entries.size() - last, entries.size());
        }
        if (json) {
            for (TransitionEntry e : entries) {
                out.println(TransitionLog.mapper().writeValueAsString(e));
            }
        } else if (entries.isEmpty()) {
            out.println(from == null ? "history: nothing recorded yet in " + log.file()
                    : "history: nothing recorded since " + HistoryText.TIME.format(from) + " UTC in " + log.file());
        } else {
            out.print(HistoryText.render(entries));
        }
        if (contents.damageNote() != null) {
            // with --json, stdout stays one entry per line: the note goes to stderr
            PrintWriter to = json ? spec.commandLine().getErr() : out;
            to.println(damage("history", contents, log));
            to.flush();
        }
        out.flush();
        return 0;
    }

    /** {@code command}'s note on the damaged lines, and how to see them: they are never removed from the file. */
    static String damage(String command, TransitionLog.Contents contents, TransitionLog log) {
        return command + ": " + contents.damageNote() + " in " + log.file() + "; damaged lines are left in the file as"
                + " they are: see the first with sed -n " + contents.firstSkippedLine() + "p " + log.file();
    }
}
