package io.hactl.cli;

import io.hactl.check.ReportJson;
import io.hactl.config.HactlConfig;
import io.hactl.db.DbState;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.db.SyncCheck;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Are both databases the same? */
@Command(name = "db-sync-check", mixinStandardHelpOptions = true,
        description = {"Are both databases the same? (GTID positions; --tables: checksums)",
                "Prints each node's GTID position and whether one is behind (by how many transactions), ahead, or diverged",
                "(which transactions differ). With --tables, also CHECKSUM TABLE of every",
                "table of the application database on both nodes, table by table.",
                "Only reads. (The seed's FAQ: how to know if both databases are fully",
                "synchronized?)", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the same", "1:different", "2:could not compare (a database cannot be reached)",
                "3:bad config"})
public final class DbSyncCheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--tables", description = "Also compare CHECKSUM TABLE of every application table.")
    boolean tables;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HactlConfig cfg = configOption.load("db-sync-check", spec.commandLine().getErr(), json ? null : out);
        if (cfg == null) {
            return 3;
        }
        SyncCheck.Report r = new SyncCheck(cfg, n -> JdbcDbAdmin.connect(n, cfg.database())).run(tables);
        out.print(json ? ReportJson.write(jsonOf(cfg, r)) + "\n" : render(r));
        out.flush();
        return r.exitCode();
    }

    /** After a rebuild of a replica (db-replica-init, restore-node): the sync check, and what a small lag means. */
    static void afterRebuild(HactlConfig cfg, PrintWriter out) {
        out.println();
        SyncCheck.Report r = new SyncCheck(cfg, n -> JdbcDbAdmin.connect(n, cfg.database())).run(false);
        out.print(render(r));
        if (!r.same()) {
            out.println("note: a replica a few transactions behind a master that takes writes is normal;"
                    + " hactl db-sync-check --tables compares the data when the application is quiet");
        }
    }

    static String render(SyncCheck.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("db-sync-check: database ").append(r.database()).append(", ").append(r.at()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "ADDRESS", "ROLE", "READ_ONLY", "GTID"});
        for (SyncCheck.Node n : r.nodes()) {
            DbState s = n.state();
            rows.add(s == null ? new String[] {n.name(), n.address(), "NOT RESPONDING", "-", "-"}
                    : new String[] {n.name(), n.address(), role(s), s.writable() ? "OFF" : "ON",
                    s.position().isEmpty() ? "(none)" : s.position()});
        }
        table(sb, rows);
        sb.append('\n');
        if (r.error() != null) {
            sb.append("CANNOT COMPARE: ").append(ControlChars.escape(r.error())).append('\n');
            return sb.toString();
        }
        sb.append(r.comparison().equal() ? "GTID: same. " : "GTID: DIFFERENT. ").append(r.comparison().sentence())
                .append('\n');
        if (r.tables() != null) {
            sb.append('\n');
            List<String[]> t = new ArrayList<>();
            List<String> names = r.nodes().stream().map(SyncCheck.Node::name).toList();
            String[] head = new String[names.size() + 2];
            head[0] = "TABLE";
            for (int i = 0; i < names.size(); i++) {
                head[i + 1] = names.get(i).toUpperCase(Locale.ROOT) + " CHECKSUM";
            }
            head[names.size() + 1] = "";
            t.add(head);
            for (SyncCheck.Table tb : r.tables()) {
                String[] row = new String[names.size() + 2];
                row[0] = ControlChars.escape(tb.name());   // a table's name is the database user's text
                for (int i = 0; i < names.size(); i++) {
                    Long v = tb.checksums().get(names.get(i));
                    row[i + 1] = v == null ? "(missing)" : Long.toString(v);
                }
                row[names.size() + 1] = tb.same() ? "same" : "DIFFERENT";
                t.add(row);
            }
            table(sb, t);
            long diff = r.tables().stream().filter(x -> !x.same()).count();
            sb.append('\n').append(r.tables().size()).append(" table(s), ")
                    .append(diff == 0 ? "all the same" : diff + " DIFFERENT").append('\n');
            if (r.movedDuringCheck()) {
                sb.append("note: the GTID position moved during the check (writes in flight): run it again when"
                        + " the application is quiet before trusting a difference\n");
            }
        }
        sb.append('\n').append(r.same() ? "verdict: the databases are the same" : "verdict: the databases DIFFER")
                .append('\n');
        return sb.toString();
    }

    private static String role(DbState s) {
        if (!s.isReplica()) {
            return s.writable() ? "master" : "read-only";
        }
        return "replica of " + s.replica().masterHost();
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                line.append(i == cols - 1 ? r[i] : String.format(Locale.ROOT, "%-" + (w[i] + 2) + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    static Map<String, Object> jsonOf(HactlConfig cfg, SyncCheck.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", cfg.source().toString());
        m.put("database", r.database());
        m.put("at", r.at().toString());
        m.put("same", r.same());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (SyncCheck.Node n : r.nodes()) {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("name", n.name());
            nm.put("address", n.address());
            nm.put("responding", n.state() != null);
            if (n.state() != null) {
                nm.put("role", role(n.state()));
                nm.put("readOnly", !n.state().writable());
                nm.put("gtidPosition", n.state().position());
                nm.put("gtidBinlogState", n.state().gtidBinlogState());
            } else {
                nm.put("error", n.error());
            }
            nodes.add(nm);
        }
        m.put("nodes", nodes);
        if (r.comparison() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", r.comparison().kind().name());
            c.put("node", r.comparison().a());
            c.put("comparedWith", r.comparison().b());
            c.put("count", r.comparison().count());
            c.put("nodeLacks", r.comparison().aLacks());
            c.put("comparedWithLacks", r.comparison().bLacks());
            c.put("sentence", r.comparison().sentence());
            m.put("gtid", c);
        }
        if (r.tables() != null) {
            m.put("tables", r.tables());
            m.put("movedDuringCheck", r.movedDuringCheck());
        }
        if (r.error() != null) {
            m.put("error", r.error());
        }
        return m;
    }
}
