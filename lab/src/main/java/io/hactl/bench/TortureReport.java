package io.hactl.bench;

import java.util.List;
import java.util.Locale;

/**
 * The torture run's results as Markdown (what bench/torture.sh puts in docs/reliability.md
 * under the date, commit and machine): the switchover figures, then the fault matrix
 * (fault | expected | seen | rows lost | result) and, for each failed row, why.
 */
final class TortureReport {

    private TortureReport() {
    }

    static String markdown(SwitchoverPhase.Figures s, List<FaultRun.Result> faults) {
        StringBuilder b = new StringBuilder();
        if (s != null) {
            b.append("## Planned switchovers\n\n");
            b.append("| switchovers | run | done | failed | longest write gap | median write gap | median command"
                    + " | two writable | two MACs | lost per writer | tables | GTIDs | result |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            b.append("| ").append(s.asked()).append(" | ").append(s.ran()).append(" | ").append(s.done()).append(" | ")
                    .append(s.ran() - s.done()).append(" | ").append(s.longestGapMs()).append(" ms | ")
                    .append(s.medianGapMs()).append(" ms | ").append(s.medianCommandMs()).append(" ms | ")
                    .append(s.twoWritable()).append(" (").append(s.roSamples()).append(" samples) | ")
                    .append(s.twoMacs()).append(" (").append(s.arpRounds()).append(" ARP rounds) | ")
                    .append(cell(String.join("; ", s.verdict().writers().stream().map(w -> w.writer().replaceAll(
                            "-switch-\\d+$", "") + " " + w.lost().size() + " of " + w.acknowledged()).toList())))
                    .append(" | ").append(s.verdict().differences().isEmpty() ? "equal checksums"
                            : cell("DIFFER: " + String.join(", ", s.verdict().differences())))
                    .append(" | ").append(s.verdict().gtidsEqual() ? "equal" : cell("DIFFER: " + s.verdict().gtidMaster()
                            + " vs " + s.verdict().gtidOther()))
                    .append(" | ").append(s.pass() ? "pass" : "**FAIL**").append(" |\n\n");
            List<String> problems = new java.util.ArrayList<>(s.failures());
            problems.addAll(s.verdict().problems());
            if (!problems.isEmpty()) {
                b.append("What failed:\n\n");
                problems.stream().limit(20).forEach(p -> b.append("- ").append(p.replace("\n", " ")).append('\n'));
                if (problems.size() > 20) {
                    b.append("- ... and ").append(problems.size() - 20).append(" more (switchovers.log)\n");
                }
                b.append('\n');
            }
        }
        if (!faults.isEmpty()) {
            long passed = faults.stream().filter(FaultRun.Result::pass).count();
            b.append("## Fault matrix: ").append(passed).append(" of ").append(faults.size()).append(" rows pass\n\n");
            b.append("| # | fault | expected | seen | rows lost | result |\n|---|---|---|---|---|---|\n");
            for (FaultRun.Result r : faults) {
                b.append("| ").append(r.fault().number()).append(" | ").append(cell(r.fault().name())).append(" | ")
                        .append(cell(r.fault().expectation())).append(" | ").append(cell(r.seen())).append(" | ")
                        .append(r.lost()).append(" (allowed ").append(r.allowedLost()).append(") | ")
                        .append(r.pass() ? "pass" : "**FAIL**").append(" |\n");
            }
            b.append('\n');
            List<FaultRun.Result> failed = faults.stream().filter(r -> !r.pass()).toList();
            if (!failed.isEmpty()) {
                b.append("Why each failed row failed:\n\n");
                for (FaultRun.Result r : failed) {
                    b.append("- ").append(r.fault().number()).append(" (").append(r.fault().name()).append("): ")
                            .append(String.join("; ", r.failures()).replace("\n", " ")).append('\n');
                }
                b.append('\n');
            }
            b.append("Faults as applied (inject / heal):\n\n");
            for (FaultRun.Result r : faults) {
                b.append("- ").append(r.fault().number()).append(". ").append(r.fault().inject().words()).append(" / ")
                        .append(r.fault().heal().words()).append(String.format(Locale.ROOT, " (%.0f s)",
                                r.took().toMillis() / 1000.0)).append('\n');
            }
        }
        return b.toString();
    }

    /** A table cell: no '|' (escaped), no line breaks. */
    static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
