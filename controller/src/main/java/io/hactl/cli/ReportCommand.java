package io.hactl.cli;

import io.hactl.backup.AtomicFile;
import io.hactl.config.HactlConfig;
import io.hactl.log.HistoryText;
import io.hactl.log.IncidentReport;
import io.hactl.log.TimeSpec;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a Markdown incident timeline from the transition log lines of a time window. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a post-incident review in Markdown from the transition log: a summary (states, the"
                + " worst, time in each, proposals, operations, the data-loss figure, alerts), the timeline (each"
                + " step with its duration), what was seen, what was proposed, who decided and when.",
                "Times: a time ago (30m, 2h, 2d), a UTC time as 'hactl history' prints it (2026-12-01 19:02[:03]),"
                        + " an ISO instant (2026-12-01T19:02:03Z), or now."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:could not write FILE", "2:refused: FILE exists (nothing written; --force)",
                "3:bad config"})
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--from", paramLabel = "TIME", required = true, description = "Start of the window (included).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", defaultValue = "now",
            description = "End of the window (included). Default: ${DEFAULT-VALUE}.")
    String to;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the report to FILE (atomically: complete or not at all) instead of stdout.")
    Path out;

    @Option(names = "--force", description = "With --out: replace FILE if it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        Instant start;
        Instant end;
        try {
            start = TimeSpec.parse(from, now);
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, "report: --from " + e.getMessage());
        }
        try {
            end = TimeSpec.parse(to, now);
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, "report: --to " + e.getMessage());
        }
        if (end.isBefore(start)) {
            throw new BadUsage(spec, "report: --to (" + HistoryText.TIME.format(end) + " UTC) is before --from ("
                    + HistoryText.TIME.format(start) + " UTC): give the window's start in --from and its end in --to");
        }
        if (out != null && Files.exists(out) && !force) {
            err.println("report: REFUSED: " + out + " exists; nothing was written. Give another --out FILE, or"
                    + " --force to replace it.");
            return 2;
        }
        // the Markdown on stdout stays Markdown: which config goes to stderr then
        HactlConfig cfg = configOption.load("report", err, out == null ? err : stdout);
        if (cfg == null) {
            return 3;
        }
        TransitionLog log = new TransitionLog(cfg.stateDirectory());
        TransitionLog.Contents contents = log.readAll();
        if (contents.damageNote() != null) {
            err.println(HistoryCommand.damage("report", contents, log));
            err.flush();
        }
        String markdown = IncidentReport.render(cfg.clusterName(), contents.entries(), start, end, now);
        if (out == null) {
            stdout.print(markdown);
            stdout.flush();
            return 0;
        }
        try {
            AtomicFile.writeAtomically(out, markdown.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("report: cannot write " + out + ": " + e.getMessage() + " (check the directory exists and"
                    + " is writable); nothing was written");
            return 1;
        }
        stdout.println("report: wrote " + out + " (" + HistoryText.TIME.format(start) + " to "
                + HistoryText.TIME.format(end) + " UTC, from " + log.file() + ")");
        stdout.flush();
        return 0;
    }
}
