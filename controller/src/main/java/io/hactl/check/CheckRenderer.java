package io.hactl.check;

import io.hactl.config.HactlConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.Diagnosis;
import io.hactl.model.Errant;
import io.hactl.model.GtidComparison;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.SemiSync;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import io.hactl.text.ControlChars;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The human report, in the sections of the seed's check_cluster.sh, for both nodes at
 * once: basic configuration, MySQL cluster, application cluster, then one verdict line
 * per cluster.
 */
public final class CheckRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private CheckRenderer() {
    }

    public static String render(HactlConfig cfg, CheckReport report) {
        ProbeSnapshot s = report.snapshot();
        StringBuilder sb = new StringBuilder();
        sb.append("hactl check: cluster ").append(cfg.clusterName()).append(", config ").append(cfg.source())
          .append(", ").append(TIME.format(s.takenAt())).append(", probed in ").append(s.elapsed().toMillis()).append(" ms\n\n");

        section(sb, "BASIC CONFIGURATION");
        List<String[]> kv = new ArrayList<>();
        kv.add(kv("Database virtual IP:", cfg.dbVip().cidr()));
        kv.add(kv("Application virtual IP:", cfg.appVip().cidr()));
        kv.add(kv("Nodes:", cfg.nodes().stream().map(n -> n.name() + " " + n.address() + " (" + n.networkInterface() + ")")
                .collect(Collectors.joining(", "))));
        for (ServiceConfig svc : cfg.services()) {
            if (svc.directory() != null) {
                kv.add(kv(capitalize(svc.name()) + " directory:", svc.directory()));
            }
        }
        kv.add(kv("Name of the database:", cfg.database().name()));
        kv.add(kv("User of the database:", cfg.database().user()));
        kv.add(kv("Database TCP port:", Integer.toString(cfg.database().port())));
        for (ServiceConfig svc : cfg.services()) {
            if (svc.port() != null) {
                kv.add(kv(capitalize(svc.name()) + " TCP port:", svc.port().toString()));
            }
        }
        keyValues(sb, kv);

        section(sb, "MYSQL CLUSTER INFORMATION");
        vip(sb, s.dbVip());
        sb.append("MySQL cluster nodes:\n");
        TextTable t = new TextTable("NODE", "ADDRESS", "IP", "MYSQL", "VERSION", "ROLE", "READ_ONLY", "IO", "SQL", "LAG", "GTID");
        List<String> notes = new ArrayList<>();
        for (NodeProbe n : s.nodes()) {
            DbProbe db = n.db();
            ReplicaStatus rs = db.replica();
            t.row(n.name(), n.address(), ipWord(n), db.responding() ? "responding" : "NOT RESPONDING",
                    db.version() == null ? "-" : shortVersion(db.version()), role(n, report),
                    db.responding() ? (db.readOnly() ? "ON" : "OFF") : "-",
                    rs == null ? "-" : rs.ioState(), rs == null ? "-" : (rs.sqlRunning() ? "Yes" : "No"),
                    rs == null || rs.secondsBehind() == null ? "-" : rs.secondsBehind() + "s",
                    db.gtidCurrentPos() == null || db.gtidCurrentPos().isEmpty() ? "-" : db.gtidCurrentPos());
            if (!db.responding()) {
                notes.add(n.name() + ": MySQL: " + db.error());
            }
            if (rs != null) {
                notes.add(n.name() + ": replicates from " + rs.masterHost() + ":" + rs.masterPort() + " (GTID "
                        + rs.usingGtid() + ")" + (rs.lastIoErrno() != 0 ? ", IO error " + rs.lastIoErrno() + ": " + rs.lastIoError() : "")
                        + (rs.lastSqlErrno() != 0 ? ", SQL error " + rs.lastSqlErrno() + ": " + rs.lastSqlError() : ""));
            }
        }
        Errant errant = report.db().errant();
        if (errant != null) {
            // the transactions only this node has, by GTID: what a failover would promote and a rebuild discards
            notes.add(errant.node() + ": has transactions master " + errant.master() + " lacks (errant): "
                    + String.join(", ", errant.gtids()) + " (" + GtidComparison.transactions(errant.count())
                    + ", written on " + errant.node() + ", never on " + errant.master() + "): a failover would promote"
                    + " them, a rebuild from " + errant.master() + " discards them");
        }
        sb.append(t.render("  "));
        for (String note : notes) {
            sb.append("  ").append(ControlChars.escape(note)).append('\n');
        }
        SemiSync.Assessment semi = report.semiSync();
        if (semi != null && (!semi.ok() || !semi.sentence().startsWith("unknown"))) {
            sb.append("Semi-sync: ").append(ControlChars.escape(semi.sentence())).append('\n');
            for (String p : semi.problems()) {
                sb.append("  ").append(ControlChars.escape(p)).append('\n');
            }
        }
        sb.append('\n');

        section(sb, "APPLICATION CLUSTER INFORMATION");
        vip(sb, s.appVip());
        sb.append("Services (start order: ").append(cfg.services().stream().map(ServiceConfig::name)
                .collect(Collectors.joining(", "))).append("):\n");
        TextTable st = new TextTable("NODE", "SERVICE", "STATE", "PIDS", "PORT");
        for (NodeProbe n : s.nodes()) {
            for (ServiceProbe sv : n.services()) {
                String state = sv.error() != null ? "unknown" : sv.running() ? "running" : "not running";
                String pids = sv.pids().isEmpty() ? "-" : sv.pids().stream().map(String::valueOf).collect(Collectors.joining(" "));
                String port = sv.port() == null ? "-" : sv.port() + (Boolean.TRUE.equals(sv.portOpen()) ? " answering" : " closed");
                st.row(n.name(), sv.name(), state, pids, port);
            }
        }
        sb.append(st.render("  "));
        sb.append("\nApplication cluster nodes:\n");
        for (NodeProbe n : s.nodes()) {
            String services = n.services().stream().map(sv -> sv.name() + ": "
                    + (sv.error() != null ? "unknown" : sv.running() ? "running" : "not running"))
                    .collect(Collectors.joining(", "));
            sb.append("  ").append(n.name()).append(' ').append(n.address()).append(" (IP: ").append(ipWord(n))
              .append(", SSH: ").append(n.shell().ok() ? "ok" : "FAILED").append(services.isEmpty() ? "" : ", " + services)
              .append(")\n");
            if (!n.shell().ok()) {
                sb.append("    ").append(ControlChars.escape(n.shell().error())).append('\n');
            }
        }
        sb.append('\n');

        section(sb, "VERDICT");
        sb.append(verdict("DB", report.db())).append(verdict("APP", report.app()));
        if (semi != null && !semi.ok()) {
            sb.append(String.format("%-4s %-9s %s%n", "DB:", "WARNING", "SEMI-SYNC: " + ControlChars.escape(semi.sentence()
                    .replaceFirst("^WARNING: ", ""))));
        }
        return sb.toString();
    }

    private static String verdict(String label, Diagnosis<?> d) {
        String code = d.code().name().replace('_', '-');
        return String.format("%-4s %-9s %s: %s%n", label + ":", d.severity(), code, ControlChars.escape(d.sentence()));
    }

    private static void vip(StringBuilder sb, VipProbe vip) {
        List<String[]> kv = new ArrayList<>();
        kv.add(kv("Cluster virtual IP Addr:", vip.address()));
        kv.add(kv("Configured on:", vip.holders().isEmpty() ? "NO NODE" : String.join(", ", vip.holders())));
        String answered = vip.answeringMacs().isEmpty() ? "no ARP reply seen from the nodes"
                : vip.answeringMacs().stream().map(m -> vip.macOwners().getOrDefault(m, "UNKNOWN HOST") + " (" + m + ")")
                  .collect(Collectors.joining(", "));
        kv.add(kv("ARP answered by:", answered + (vip.arpError() != null ? "  [arp: " + vip.arpError() + "]" : "")));
        keyValues(sb, kv);
        if (vip.conflict()) {
            sb.append("ERROR: THERE IS AN IP CONFLICT ON THE NETWORK\n");
            sb.append("OTHER HOST IS ALSO RESPONDING ON THIS IP ADDRESS (").append(vip.address()).append(")\n\n");
        }
    }

    private static String role(NodeProbe n, CheckReport report) {
        DbProbe db = n.db();
        if (!db.responding()) {
            return "-";
        }
        if (db.isReplica()) {
            return "replica";
        }
        if (n.name().equals(report.db().master())) {
            return "master";
        }
        return db.readOnly() ? "read-only" : "writable";
    }

    private static String ipWord(NodeProbe n) {
        if (n.ping().reachable()) {
            return "on line";
        }
        return n.shell().ok() ? "no ping" : "OFF LINE";
    }

    private static String shortVersion(String v) {
        int dash = v.indexOf('-', v.indexOf('-') + 1);
        return dash > 0 ? v.substring(0, dash) : v;
    }

    private static void section(StringBuilder sb, String title) {
        sb.append("-------------------- ").append(title).append(" --------------------\n\n");
    }

    private static String[] kv(String k, String v) {
        return new String[] {k, v};
    }

    private static void keyValues(StringBuilder sb, List<String[]> kv) {
        int w = kv.stream().mapToInt(a -> a[0].length()).max().orElse(0);
        for (String[] a : kv) {
            sb.append(a[0]).append(" ".repeat(w - a[0].length() + 1)).append(ControlChars.escape(a[1])).append('\n');
        }
        sb.append('\n');
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
