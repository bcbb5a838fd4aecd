package io.hactl.api;

import io.hactl.check.TextTable;
import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import io.hactl.coordination.MemberView;
import io.hactl.log.EntryText;
import io.hactl.model.DurationText;
import io.hactl.model.Severity;
import io.hactl.state.AppState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import io.hactl.text.ControlChars;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The human forms of the controller's answers: hactl status and hactl proposals. Text from the
 * answer (sentences, evidence, comments) is printed with its control characters escaped.
 */
public final class ControllerRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CELL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ControllerRenderer() {
    }

    public static String status(ControllerStatus s, String where, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("hactl status: cluster ").append(esc(s.cluster())).append(", controller at ").append(esc(where))
          .append(", mode ").append(s.mode() == null ? "-" : esc(s.mode())).append('\n');
        sb.append("last probe cycle ").append(s.lastCycleAt() == null ? "not finished yet" : TIME.format(s.lastCycleAt())
                        + " (" + ago(s.lastCycleAt(), now) + ", took " + s.lastCycleMillis() + " ms)")
          .append(", ").append(s.cycles()).append(" cycles since start\n\n");

        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"State:", s.state() + (s.since() == null ? "" : " since " + TIME.format(s.since())
                + " (" + ago(s.since(), now) + ")")});
        kv.add(new String[] {"", s.sentence()});
        List<String> evidence = s.evidence() == null ? List.of() : s.evidence();
        for (int i = 0; i < evidence.size(); i++) {
            kv.add(new String[] {i == 0 ? "Evidence:" : "", evidence.get(i)});
        }
        Map<String, NodeState> nodes = s.nodes() == null ? Map.of() : s.nodes();
        int w = nodes.keySet().stream().mapToInt(String::length).max().orElse(0);
        boolean first = true;
        for (Map.Entry<String, NodeState> n : nodes.entrySet()) {
            kv.add(new String[] {first ? "Nodes:" : "", pad(esc(n.getKey()), w) + "  " + n.getValue()});
            first = false;
        }
        kv.add(new String[] {"Replica lag:", s.replicaLagSeconds() == null ? "-" : s.replicaLagSeconds() + " s"});
        kv.add(new String[] {"Application:", s.appState() + (s.appSentence() == null ? "" : ": " + s.appSentence())});
        kv.add(new String[] {"Operation:", s.operation() == null ? "none running" : s.operation()});
        if (s.coordination() != null) {
            coordination(kv, s.coordination(), now);
        }
        if (s.failoverBlock() != null) {
            kv.add(new String[] {"Failover block:", s.failoverBlock()});
            if (!s.failoverBlock().contains("hactl unblock")) {
                kv.add(new String[] {"", "to lift it once the pair is sound: hactl unblock --reason TEXT"});
            }
        }
        List<Proposal> pending = s.proposals() == null ? List.of() : s.proposals().stream().filter(Proposal::pending)
                .map(EntryText::printable).toList();
        kv.add(new String[] {"Proposals:", pending.isEmpty() ? "none pending" : pending.size() + " pending"});
        keyValues(sb, kv);
        for (Proposal p : pending) {
            sb.append('\n');
            pendingBlock(sb, p, now);
        }
        return sb.toString();
    }

    /** Issue 16: this controller's member name and role, the leader and the epoch, each ZooKeeper member's answer. */
    private static void coordination(List<String[]> kv, CoordinationStatus c, Instant now) {
        kv.add(new String[] {"Coordination:", "member " + (c.member() == null ? "-" : c.member()) + ", " + c.role()
                + (c.since() == null ? "" : " since " + TIME.format(c.since()) + " (" + ago(c.since(), now) + ")")});
        String epoch = c.epoch() == 0 ? "no epoch yet" : "epoch " + c.epoch();
        kv.add(new String[] {"", switch (c.role()) {
            case CoordinationStatus.LEADER -> "leader " + (c.member() == null ? "this controller"
                    : c.member() + " (this controller)") + ", " + epoch;
            case CoordinationStatus.NO_QUORUM -> "no leader (no quorum: no proposals, no operations; the pair keeps"
                    + " serving as it is), last " + epoch;
            default -> "leader " + (c.leader() == null ? "not known" : c.leader()) + ", " + epoch;
        }});
        if (CoordinationStatus.NO_QUORUM.equals(c.role()) && c.why() != null) {
            kv.add(new String[] {"", c.why()});
        }
        if (c.zookeeper() != null) {
            kv.add(new String[] {"", c.zookeeper()});
        }
        List<MemberView> members = c.members();
        int w = members.stream().mapToInt(m -> m.member().length()).max().orElse(0);
        for (int i = 0; i < members.size(); i++) {
            MemberView m = members.get(i);
            kv.add(new String[] {i == 0 ? "ZooKeeper:" : "", pad(esc(m.member()), w) + "  " + m.mode()
                    + (m.detail() == null ? "" : " (" + m.detail() + ")")});
        }
        if (c.membersAt() != null) {
            kv.add(new String[] {members.isEmpty() ? "ZooKeeper:" : "", "asked " + TIME.format(c.membersAt()) + " ("
                    + ago(c.membersAt(), now) + ")"});
        }
    }

    public static String proposals(List<Proposal> answered, Instant now) {
        List<Proposal> list = answered.stream().map(EntryText::printable).toList();
        if (list.isEmpty()) {
            return "proposals: none (the controller proposes an action when it sees a failure: hactl status)\n";
        }
        StringBuilder sb = new StringBuilder();
        TextTable t = new TextTable("ID", "KIND", "NODE", "RISK", "CREATED (UTC)", "EXPIRES (UTC)", "STATUS", "ACTION");
        for (Proposal p : list) {
            String status = p.status() + (p.decidedBy() == null ? "" : " by " + p.decidedBy());
            t.row(p.id(), p.kind(), p.node(), p.risk(), cell(p.createdAt()), cell(p.expiresAt()), status, p.action());
        }
        sb.append(t.render(""));
        for (Proposal p : list) {
            if (p.pending()) {
                sb.append('\n');
                pendingBlock(sb, p, now);
            }
        }
        return sb.toString();
    }

    private static void pendingBlock(StringBuilder sb, Proposal p, Instant now) {
        sb.append(p.id()).append(": ").append(p.kind()).append(" of ").append(p.node()).append(": ").append(p.action()).append('\n');
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"why:", p.sentence()});
        List<String> evidence = p.evidence() == null ? List.of() : p.evidence();
        for (int i = 0; i < evidence.size(); i++) {
            kv.add(new String[] {i == 0 ? "evidence:" : "", evidence.get(i)});
        }
        kv.add(new String[] {"risk:", p.risk()});
        if (p.expiresAt() != null) {
            kv.add(new String[] {"expires:", TIME.format(p.expiresAt()) + " (" + until(p.expiresAt(), now) + ")"});
        }
        if (p.runAt() != null) {
            kv.add(new String[] {"automatic:", "runs by itself at " + TIME.format(p.runAt()) + " (" + until(p.runAt(), now)
                    + ") unless rejected"});
        }
        StringBuilder block = new StringBuilder();
        keyValues(block, kv);
        block.toString().lines().forEach(l -> sb.append("  ").append(l).append('\n'));
        sb.append("  to confirm: hactl ack ").append(p.id()).append("  /  to refuse: hactl reject ").append(p.id()).append('\n');
    }

    /** The exit code of a status: its state's severity, worsened by the application's. */
    public static int exitCode(ControllerStatus s) {
        Severity db = s.state() == null ? Severity.WARNING : s.state().severity();
        Severity app = s.appState() == null || s.appState() == AppState.ACTIVE ? Severity.OK : Severity.CRITICAL;
        return Severity.worst(db, app).exitCode();
    }

    private static void keyValues(StringBuilder sb, List<String[]> kv) {
        int w = kv.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : kv) {
            sb.append((pad(r[0], w) + "  " + (r[1] == null ? "-" : esc(r[1]))).stripTrailing()).append('\n');
        }
    }

    private static String esc(String s) {
        return ControlChars.escape(s);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String cell(Instant t) {
        return t == null ? "-" : CELL.format(t);
    }

    public static String ago(Instant t, Instant now) {
        Duration d = Duration.between(t, now);
        return d.isNegative() ? "in " + DurationText.human(d.negated()) : DurationText.human(d) + " ago";
    }

    private static String until(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        return d.isNegative() ? DurationText.human(d.negated()) + " ago" : "in " + DurationText.human(d);
    }
}
