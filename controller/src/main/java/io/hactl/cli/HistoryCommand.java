package io.hactl.cli;

import io.hactl.check.TextTable;
import io.hactl.config.HactlConfig;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the transition log: every operation and step, when, what, result, who, why. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print the transition log: every operation and step, who and why.",
                "Read from <state_directory>/transitions.jsonl, oldest first: time, node, result, who ran it, why."})
public final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @Mixin
    ConfigOption configOption;

    @Option(names = {"-l", "--last"}, paramLabel = "N", description = "Only the last N lines.")
    Integer last;

    @Option(names = "--operation", paramLabel = "ID", description = "Only the lines of this operation run.")
    String operationId;

    @Option(names = "--json", description = "One JSON object per line, as stored.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HactlConfig cfg = configOption.load("history", spec.commandLine().getErr());
        if (cfg == null) {
            return 3;
        }
        TransitionLog log = new TransitionLog(cfg.stateDirectory());
        List<TransitionEntry> entries = log.read().stream()
                .filter(e -> operationId == null || operationId.equals(e.operationId())).toList();
        if (last != null && entries.size() > last) {
            entries = entries.subList(entries.size() - last, entries.size());
        }
        if (json) {
            for (TransitionEntry e : entries) {
                out.println(TransitionLog.mapper().writeValueAsString(e));
            }
        } else if (entries.isEmpty()) {
            out.println("history: nothing recorded yet in " + log.file());
        } else {
            TextTable t = new TextTable("TIME (UTC)", "OPERATION", "ID", "EVENT", "NODE", "STEP", "RESULT", "MS", "DETAIL");
            for (TransitionEntry e : entries) {
                boolean opLine = "operation-start".equals(e.event()) || "refused".equals(e.event());
                String detail = e.detail() == null ? "" : e.detail();
                if (opLine) {
                    detail = detail + " [by " + e.who() + "; why: " + e.why() + "]";
                }
                t.row(TIME.format(e.time()), e.operation(), e.operationId(), e.event(), e.node(), e.step(), e.result(),
                        e.elapsedMs(), detail);
            }
            out.print(t.render(""));
        }
        out.flush();
        return 0;
    }
}
