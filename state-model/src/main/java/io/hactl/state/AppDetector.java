package io.hactl.state;

import io.hactl.model.AppCode;
import io.hactl.model.Diagnosis;
import io.hactl.model.DurationText;
import io.hactl.model.NodeProbe;
import io.hactl.model.PeerView;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The application half of the {@link Detector}: from the cycle's application diagnosis, the
 * database half's assessment and what earlier cycles showed (the active node, the condition
 * being timed), the application's state, its sentence and its remedy. Pure; time from the
 * snapshot. An ordered chain of guarded early returns, like the database half.
 *
 * <p>Every application condition is proposed for only once it has lasted {@code downAfter} and
 * at least {@value Detector#MIN_FAILED_CYCLES} cycles (a VIP move by hand, a service restarting,
 * a lost cycle must not become a proposal). The conditions and their remedies:
 * <ul>
 *   <li>SERVICES_DOWN on the active node whose shell works: RESTART_SERVICES there;
 *   <li>the active node lost (no ping, no shell, no service port from the controller), confirmed
 *       from the other node's vantage ({@link PeerView#confirmsLost()}) and nobody answering ARP
 *       for the app VIP (the seed's master_set.sh "takes control anyway"): MOVE_APP to the other
 *       node; when that node also held the DB master and the database half is MASTER_DOWN, one
 *       NODE_FAILOVER instead of FAILOVER + MOVE_APP. A master whose host answers keeps the
 *       application: the failover is the database's alone, and its sentence says why;
 *   <li>VIP_CONFLICT: DETACH_APP_VIP from the node that does not run the services;
 *   <li>VIP_MISSING: ATTACH_APP_VIP where the services run (none: the DB master's node);
 *   <li>{@code application.follow_db_master}: the application active on the other node than the
 *       DB master while the database side is stable: MOVE_APP to the DB master's node.
 * </ul>
 * While an operation of ours that is not a backup runs, the application is watched, not
 * remedied: what the probes see is ours.
 */
final class AppDetector {

    private static final long TOLERANCE_MS = 50;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Duration downAfter;
    private final boolean followDbMaster;

    AppDetector(Duration downAfter, boolean followDbMaster) {
        this.downAfter = downAfter;
        this.followDbMaster = followDbMaster;
    }

    /** The phrase of an application sentence the supervisor replaces when it proposes, or says why it does not. */
    static String possible(Proposal.Kind kind, String node) {
        return words(kind, node) + " possible";
    }

    /** "restart of the services on n1", "move of the application to n2", ... */
    static String words(Proposal.Kind kind, String node) {
        return switch (kind) {
            case RESTART_SERVICES -> "restart of the services on " + node;
            case MOVE_APP -> "move of the application to " + node;
            case DETACH_APP_VIP -> "detach of the app VIP from " + node;
            case ATTACH_APP_VIP -> "attach of the app VIP on " + node;
            default -> kind.name().toLowerCase(Locale.ROOT) + " " + node;
        };
    }

    /**
     * The database half's assessment {@code db} completed with the application's state, sentence
     * and remedy (and, for a lost node that held both, the database remedy made NODE_FAILOVER); its
     * memory carries the application's track.
     */
    Assessment assess(ProbeSnapshot s, Diagnosis<AppCode> app, Assessment db, Maintenance m, DetectionMemory before) {
        Cycle c = new Cycle(s, app, db, m, before.appTrack());
        DetectionMemory.AppTrack track = before.appTrack();
        // 1. a shell probe failed on a node that answers ping: who holds the app VIP is unknown, not missing
        if (app.code() == AppCode.VIP_MISSING && before.lastApp() != null && Detector.dark(s).isEmpty()
                && s.nodes().stream().anyMatch(n -> !n.shell().ok() && n.reachable())) {
            return c.watch(before.lastApp(), "probe incomplete (no shell on a node that answers ping): who holds the"
                    + " app VIP is unknown; keeping " + before.lastApp(), track);
        }
        // 2. an operation of ours (not a backup): what the application's probes see is ours
        if (m != null && m.kind() != Maintenance.Kind.BACKUP) {
            return c.watch(AppState.of(app.code()), app.sentence() + " (operation " + m.describe()
                    + " running: no application proposal while it runs)", c.track(null));
        }
        // 3. the active node answers nothing from the controller: lost, or only cut off from us
        Optional<NodeProbe> known = Optional.ofNullable(c.active()).flatMap(s::node);
        if (known.isPresent() && lostFromController(known.get())
                && (app.code() == AppCode.VIP_MISSING || app.code() == AppCode.ACTIVE_UNREACHABLE)) {
            return nodeLost(c, known.get());
        }
        Assessment a = switch (app.code()) {
            case SERVICES_DOWN -> servicesDown(c, s.node(app.master()).orElseThrow());
            case VIP_CONFLICT -> conflict(c);
            case VIP_MISSING -> missing(c);
            case ACTIVE, SERVICES_ON_PASSIVE -> active(c, s.node(app.master()).orElseThrow());
            case ACTIVE_UNREACHABLE -> c.watch(AppState.UNREACHABLE, app.sentence(), c.track(null));
        };
        return hostAnswers(c, a);
    }

    /**
     * A failover of a master whose host answers (its database alone failed) while it is the active
     * application node: the application stays where it is, and the failover's sentence says so.
     */
    private Assessment hostAnswers(Cycle c, Assessment a) {
        Optional<NodeProbe> x = Optional.ofNullable(a.master()).flatMap(c.s::node);
        if (a.remedy() != Proposal.Kind.FAILOVER || a.other() == null || x.isEmpty() || !x.get().reachable()
                || !x.get().name().equals(c.active())) {
            return a;
        }
        String possible = Detector.failoverPossible(a.other());
        String note = x.get().name() + "'s host answers (ping " + (x.get().ping().reachable() ? "answers" : "no answer")
                + ", shell " + (x.get().shell().ok() ? "works" : "fails") + "): the application stays on "
                + x.get().name() + (followDbMaster ? " (it follows the database to " + a.other() + " once the failover is"
                + " done and the pair is stable: application.follow_db_master)" : "");
        return a.withSentence(a.sentence().replace(possible, note + "; " + possible));
    }

    // ------------------------------------------------------------------ the conditions

    private Assessment servicesDown(Cycle c, NodeProbe x) {
        DetectionMemory.AppTrack t = c.track("SERVICES_DOWN " + x.name());
        List<String> ev = new ArrayList<>();
        for (ServiceProbe sv : x.services()) {
            if (!sv.up()) {
                ev.add(sv.name() + " on " + x.name() + ": " + (!sv.running() ? "not running"
                        : "running (pid " + sv.pids().stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + "), port " + sv.port() + " closed"));
                sv.logTail().forEach(line -> ev.add(sv.name() + " on " + x.name() + ", log: " + line));
            }
        }
        NodeProbe y = c.otherThan(x.name());
        String master = c.db.master() != null ? c.db.master() : x.name();
        return c.remedy(AppState.SERVICES_DOWN, c.app.sentence(), t, Proposal.Kind.RESTART_SERVICES, x.name(), master,
                ev, "the application stays unavailable on " + x.name() + " until its services answer again; the"
                        + " database is not touched", y == null ? List.of() : answering(y));
    }

    private Assessment nodeLost(Cycle c, NodeProbe x) {
        DetectionMemory.AppTrack t = c.track("NODE_LOST " + x.name());
        NodeProbe y = c.otherThan(x.name());
        String lasting = " for " + DurationText.seconds(c.lasting(t)) + " (" + t.cycles() + " cycle" + (t.cycles() == 1 ? "" : "s")
                + ")";
        List<String> ev = new ArrayList<>();
        ev.add(x.name() + " from the controller: " + controllerWords(x) + ", since " + HMS.format(t.since()) + lasting);
        PeerView peer = x.peerView();
        ev.add(x.name() + " " + (peer != null ? peer.words() : "from " + (y == null ? "the other node" : y.name())
                + ": not asked"));
        VipProbe vip = c.s.appVip();
        ev.add("app VIP " + vip.address() + ": " + arpWords(vip));
        boolean confirmed = peer != null && peer.confirmsLost();
        boolean arpFree = vip.answeringMacs().isEmpty();
        String seen = "active node " + x.name() + " answers nothing from the controller (" + controllerWords(x) + ")"
                + lasting;
        String why = !confirmed ? notConfirmed(x, y, peer) : !arpFree ? "but " + arpWords(vip) + ": not taking control"
                : null;
        if (x.name().equals(c.db.master())) {
            return lostMaster(c, x, y, t, ev, seen, why);
        }
        if (y == null || !y.shell().ok()) {
            return c.watch(AppState.NODE_LOST, seen + "; " + (y == null ? "no other node" : y.name()
                    + "'s shell fails too (" + y.shell().error() + ")") + ": nowhere to move the application; watching", t);
        }
        if (why != null) {
            return c.watch(AppState.NODE_LOST, seen + "; " + why + "; no proposal, watching (by hand: hactl master-set"
                    + " --node " + y.name() + ")", t);
        }
        return c.remedy(AppState.NODE_LOST, seen + "; " + y.name() + " sees nothing of it either and nobody answers ARP"
                        + " for the app VIP: " + y.name() + " takes control anyway", t, Proposal.Kind.MOVE_APP, y.name(),
                x.name(), ev, x.name() + " is not stopped (it cannot be reached): if it comes back with its services and"
                        + " the app VIP, two nodes answer for the VIP until it is detached there (the controller then"
                        + " proposes it)", List.of());
    }

    /**
     * The lost active node is also the DB master: the database half decides. MASTER_DOWN with the
     * loss confirmed from the other node and nobody on the app VIP: one NODE_FAILOVER. Else the
     * failover (if any) is the database's alone, and both sentences say why.
     */
    private Assessment lostMaster(Cycle c, NodeProbe x, NodeProbe y, DetectionMemory.AppTrack t, List<String> ev,
                                  String seen, String why) {
        Assessment db = c.db;
        boolean failover = db.observed() == ClusterState.MASTER_DOWN && db.remedy() == Proposal.Kind.FAILOVER
                && y != null && y.name().equals(db.other());
        if (!failover) {
            return c.watch(AppState.NODE_LOST, seen + "; it also holds the DB master: one proposal for both halves"
                    + " (NODE_FAILOVER) once the database side confirms it down (now " + db.observed() + ")"
                    + (why == null ? "" : "; " + why), t);
        }
        String possible = Detector.failoverPossible(y.name());
        if (why != null) {
            String note = x.name() + " answers nothing from the controller, " + why + ": the database fails over alone,"
                    + " the application is not moved";
            Assessment dbOnly = db.withSentence(db.sentence().replace(possible, note + "; " + possible));
            return c.watch(dbOnly, AppState.NODE_LOST, seen + "; " + why + ": the application is not moved (by hand,"
                    + " after the failover: hactl master-set --node " + y.name() + ")", t);
        }
        String note = x.name() + " is lost (no ping, no shell, no port; " + y.name() + " sees nothing of it either):"
                + " one proposal for both halves";
        List<String> evidence = new ArrayList<>(db.evidence());
        evidence.addAll(ev);
        evidence.add("steps: " + nodeFailoverSteps(y));
        Assessment both = new Assessment(db.observed(), db.sentence().replace(possible, note + "; node " + possible),
                evidence, db.dbCode(), db.master(), db.other(), db.nodes(), AppState.NODE_LOST, seen + "; "
                + y.name() + " sees nothing of it either: the node failover moves the application to " + y.name()
                + " with the database (one proposal for both halves)", db.replicaLag(), db.risk(), db.otherBehind(),
                Proposal.Kind.NODE_FAILOVER, null, db.memory());
        return c.done(both, t);
    }

    /** The order of a NODE_FAILOVER's steps, in words. */
    static String nodeFailoverSteps(NodeProbe survivor) {
        String services = survivor.services().stream().map(ServiceProbe::name).collect(Collectors.joining(", "));
        return "1. promote " + survivor.name() + " to DB master (what it received applied first); 2. move the DB VIP to "
                + survivor.name() + "; 3. move the app VIP to " + survivor.name() + "; 4. start the services on "
                + survivor.name() + " in the configured order" + (services.isEmpty() ? "" : " (" + services + ")");
    }

    private Assessment conflict(Cycle c) {
        VipProbe vip = c.s.appVip();
        List<String> foreign = vip.answeringMacs().stream().filter(mac -> !vip.macOwners().containsKey(mac)).toList();
        Set<String> parties = new LinkedHashSet<>(vip.holders());
        vip.answeringMacs().stream().map(vip.macOwners()::get).filter(n -> n != null).forEach(parties::add);
        if (!foreign.isEmpty()) {
            return c.watch(AppState.VIP_CONFLICT, c.app.sentence() + "; a host hactl does not know answers for it (MAC "
                    + String.join(", ", foreign) + "): find it and remove the address there; no proposal", c.track(null));
        }
        if (parties.size() < 2) {
            return c.watch(AppState.VIP_CONFLICT, c.app.sentence() + "; which node holds it is unclear; no proposal",
                    c.track(null));
        }
        List<String> two = List.copyOf(parties);
        List<String> running = two.stream().filter(n -> c.s.node(n).map(AppDetector::runsServices).orElse(false)).toList();
        String keep = running.size() == 1 ? running.get(0) : two.contains(c.db.master()) ? c.db.master() : null;
        String keepWhy = running.size() == 1 ? "the services run there" : running.isEmpty()
                ? "the services run on neither: the DB master keeps it" : "the services run on both: the DB master keeps it";
        if (keep == null) {
            return c.watch(AppState.VIP_CONFLICT, c.app.sentence() + "; " + keepWhy.replace(": the DB master keeps it", "")
                    + " and no DB master is known: which one to keep is unclear; no proposal", c.track(null));
        }
        String wrong = two.stream().filter(n -> !n.equals(keep)).findFirst().orElseThrow();
        DetectionMemory.AppTrack t = c.track("VIP_CONFLICT " + wrong);
        NodeProbe w = c.s.node(wrong).orElseThrow();
        if (!w.shell().ok()) {
            return c.watch(AppState.VIP_CONFLICT, c.app.sentence() + "; " + wrong + " should give it up (" + keep + " keeps"
                    + " it: " + keepWhy + ") but its shell fails (" + w.shell().error() + "): no proposal", t);
        }
        List<String> ev = new ArrayList<>(List.of(c.app.sentence()));
        for (String n : two) {
            ev.add(n + ": " + serviceWords(c.s.node(n).orElseThrow()));
        }
        return c.remedy(AppState.VIP_CONFLICT, c.app.sentence() + "; " + keep + " keeps it (" + keepWhy + ")", t,
                Proposal.Kind.DETACH_APP_VIP, wrong, keep, ev, "clients whose ARP cache points at " + wrong + " lose their"
                        + " connections and reconnect to " + keep + "; " + wrong + "'s services are stopped", List.of());
    }

    private Assessment missing(Cycle c) {
        List<NodeProbe> dark = Detector.dark(c.s);
        if (!dark.isEmpty() && c.active() == null) {
            return c.watch(AppState.VIP_MISSING, c.app.sentence() + "; " + names(dark) + " answers nothing and no active"
                    + " node was seen yet: whether it holds the app VIP is unknown; no proposal", c.track(null));
        }
        List<NodeProbe> running = c.s.nodes().stream().filter(AppDetector::runsServices).toList();
        String dbMaster = c.db.master();
        String target = running.size() == 1 ? running.get(0).name() : dbMaster;
        String targetWhy = running.size() == 1 ? "where the services run" : running.isEmpty()
                ? "the DB master's node: the services run nowhere" : "the DB master's node: the services run on both";
        if (target == null) {
            return c.watch(AppState.VIP_MISSING, c.app.sentence() + "; " + targetWhy.replace("the DB master's node: ", "")
                    + " and no DB master is known: where to attach it is unclear; no proposal", c.track(null));
        }
        DetectionMemory.AppTrack t = c.track("VIP_MISSING " + target);
        NodeProbe n = c.s.node(target).orElseThrow();
        if (!n.shell().ok()) {
            return c.watch(AppState.VIP_MISSING, c.app.sentence() + "; it belongs on " + target + " (" + targetWhy
                    + ") but its shell fails (" + n.shell().error() + "): no proposal", t);
        }
        NodeProbe other = c.otherThan(target);
        List<String> ev = new ArrayList<>(List.of(c.app.sentence()));
        c.s.nodes().forEach(x -> ev.add(x.name() + ": " + serviceWords(x)));
        return c.remedy(AppState.VIP_MISSING, c.app.sentence() + "; it belongs on " + target + " (" + targetWhy + ")", t,
                Proposal.Kind.ATTACH_APP_VIP, target, dbMaster, ev, "none: no node holds the app VIP now",
                other == null ? List.of() : answering(other));
    }

    private Assessment active(Cycle c, NodeProbe x) {
        String dbMaster = c.db.master();
        if (!followDbMaster || dbMaster == null || dbMaster.equals(x.name()) || c.s.node(dbMaster).isEmpty()) {
            return c.watch(AppState.ACTIVE, c.app.sentence(), c.track(null));
        }
        String split = "application active on " + x.name() + ", DB master on " + dbMaster + ": with"
                + " application.follow_db_master the application follows the database (the runbook's \"Server"
                + " maintenance\")";
        boolean stable = (c.db.observed() == ClusterState.ACTIVE_SYNCED || c.db.observed() == ClusterState.STANDALONE)
                && c.m == null;
        if (!stable) {
            return c.watch(AppState.SPLIT_FROM_DB, split + "; it moves once the database side is stable (now "
                    + c.db.observed() + (c.m == null ? "" : ", " + c.m.describe() + " running") + ")", c.track(null));
        }
        DetectionMemory.AppTrack t = c.track("SPLIT_FROM_DB " + dbMaster);
        List<String> ev = List.of(c.app.sentence(), "DB master " + dbMaster + " (" + c.db.observed() + "): "
                + c.db.sentence());
        return c.remedy(AppState.SPLIT_FROM_DB, split, t, Proposal.Kind.MOVE_APP, dbMaster, x.name(), ev,
                "the application is unavailable while its services stop on " + x.name() + " and start on " + dbMaster
                        + " (hactl master-set)", x.shell().ok() ? List.of() : answering(x));
    }

    // ------------------------------------------------------------------ facts

    /** No ping, no shell, and no service port answers the controller. */
    static boolean lostFromController(NodeProbe n) {
        return !n.ping().reachable() && !n.shell().ok()
                && n.services().stream().noneMatch(sv -> Boolean.TRUE.equals(sv.portOpen()));
    }

    /** All its services run and answer on their ports, seen through a working shell. */
    static boolean runsServices(NodeProbe n) {
        return n.shell().ok() && !n.services().isEmpty() && n.services().stream().allMatch(ServiceProbe::up);
    }

    /** Its services that answer on their port (or run, for one without a port): "tomcat on n2 (port 8080)". */
    static List<String> answering(NodeProbe n) {
        List<String> out = new ArrayList<>();
        for (ServiceProbe sv : n.services()) {
            if (Boolean.TRUE.equals(sv.portOpen())) {
                out.add(sv.name() + " on " + n.name() + " (port " + sv.port() + ")");
            } else if (sv.port() == null && sv.running()) {
                out.add(sv.name() + " on " + n.name() + " (running, no port)");
            }
        }
        return out;
    }

    private static String controllerWords(NodeProbe n) {
        String ports = n.services().stream().filter(sv -> sv.port() != null).map(sv -> sv.port() + "")
                .collect(Collectors.joining(", "));
        return "no ping, no shell, " + (ports.isEmpty() ? "no service port" : "port" + (ports.contains(",") ? "s " : " ")
                + ports + " closed");
    }

    private static String serviceWords(NodeProbe n) {
        if (!n.shell().ok()) {
            return "shell fails (" + n.shell().error() + ")";
        }
        if (n.services().isEmpty()) {
            return "no services configured";
        }
        return n.services().stream().map(sv -> sv.name() + (sv.up() ? " up" : sv.running() ? " port closed" : " not running"))
                .collect(Collectors.joining(", "));
    }

    private static String arpWords(VipProbe vip) {
        if (vip.answeringMacs().isEmpty()) {
            return "nobody answers ARP" + (vip.arpError() == null ? "" : " (probe: " + vip.arpError() + ")");
        }
        return vip.answeringMacs().stream().map(mac -> mac + " (" + vip.macOwners().getOrDefault(mac, "unknown host") + ")")
                .collect(Collectors.joining(", ", "MAC ", " answers ARP for it"));
    }

    private static String notConfirmed(NodeProbe x, NodeProbe y, PeerView peer) {
        String from = y == null ? "the other node" : y.name();
        if (peer == null) {
            return "not confirmed: " + from + " was not asked how it sees " + x.name();
        }
        if (peer.error() != null) {
            return "not confirmed: " + from + " could not look (" + peer.error() + ")";
        }
        return "not confirmed: " + x.name() + " " + peer.words() + ", so it is only cut off from the controller";
    }

    private static String names(List<NodeProbe> nodes) {
        return nodes.stream().map(NodeProbe::name).collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ one cycle's parts

    /** What every rule of one cycle shares, and how a rule's answer is made. */
    private final class Cycle {
        final ProbeSnapshot s;
        final Diagnosis<AppCode> app;
        final Assessment db;
        final Maintenance m;
        final DetectionMemory.AppTrack before;

        Cycle(ProbeSnapshot s, Diagnosis<AppCode> app, Assessment db, Maintenance m, DetectionMemory.AppTrack before) {
            this.s = s;
            this.app = app;
            this.db = db;
            this.m = m;
            this.before = before;
        }

        /** The active node: this cycle's, else the one last seen. */
        String active() {
            return app.master() != null ? app.master() : before.active();
        }

        NodeProbe otherThan(String name) {
            return s.nodes().stream().filter(n -> !n.name().equals(name)).findFirst().orElse(null);
        }

        /** The track with this cycle's condition (null: none). */
        DetectionMemory.AppTrack track(String condition) {
            return before.seen(app.master(), condition, s.takenAt());
        }

        Duration lasting(DetectionMemory.AppTrack t) {
            return Duration.between(t.since(), Detector.end(s));
        }

        boolean lasted(DetectionMemory.AppTrack t) {
            return lasting(t).plusMillis(TOLERANCE_MS).compareTo(downAfter) >= 0 && t.cycles() >= Detector.MIN_FAILED_CYCLES;
        }

        Assessment watch(AppState st, String sentence, DetectionMemory.AppTrack t) {
            return watch(db, st, sentence, t);
        }

        Assessment watch(Assessment base, AppState st, String sentence, DetectionMemory.AppTrack t) {
            return done(new Assessment(base.observed(), base.sentence(), base.evidence(), base.dbCode(), base.master(),
                    base.other(), base.nodes(), st, sentence, base.replicaLag(), base.risk(), base.otherBehind(),
                    base.remedy(), null, base.memory()), t);
        }

        /** A condition with a remedy: proposed once it has lasted, else the sentence says when. */
        Assessment remedy(AppState st, String seen, DetectionMemory.AppTrack t, Proposal.Kind kind, String node,
                          String master, List<String> evidence, String risk, List<String> stillAnswering) {
            String lasting = " (" + DurationText.seconds(lasting(t)) + ", " + t.cycles() + " cycle" + (t.cycles() == 1 ? "" : "s")
                    + ")";
            if (!lasted(t)) {
                return watch(st, seen + lasting + ": " + words(kind, node) + " once it lasts " + DurationText.seconds(downAfter)
                        + " and " + Detector.MIN_FAILED_CYCLES + " cycles", t);
            }
            String sentence = seen + lasting + "; " + possible(kind, node);
            List<String> ev = new ArrayList<>(evidence);
            ev.add(st + " since " + HMS.format(t.since()) + ", " + t.cycles() + " cycle(s), " + DurationText.seconds(lasting(t)));
            Assessment a = watch(st, sentence, t);
            return new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(), a.nodes(),
                    a.app(), a.appSentence(), a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(),
                    new Assessment.AppRemedy(kind, node, master, sentence, ev, risk, stillAnswering), a.memory());
        }

        /** The answer, its memory carrying the application's track. */
        Assessment done(Assessment a, DetectionMemory.AppTrack t) {
            return new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(), a.nodes(),
                    a.app(), a.appSentence(), a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(), a.appRemedy(),
                    a.memory().withAppTrack(t));
        }
    }
}
