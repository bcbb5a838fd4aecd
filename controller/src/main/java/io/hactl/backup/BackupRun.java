package io.hactl.backup;

import io.hactl.config.BackupComponentConfig;
import io.hactl.config.BackupConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnoser;
import io.hactl.model.Diagnosis;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.Excerpt;
import io.hactl.node.NodeShell;
import io.hactl.node.NodeShells;
import io.hactl.node.SshShell;
import io.hactl.pair.Refused;
import io.hactl.probe.ProbeCycle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code hactl backup}: the database (from the replica when it is healthy, else the
 * master; physical, the whole server by mariadb-backup ({@link PhysicalDatabase}), or logical,
 * the application database by mariadb-dump: backup.database.method or --method, auto by default,
 * the choice and why printed and logged) and the file components (tar'ed on the node where the application is active),
 * each streamed to this machine into one zstd file of the day's directory; then the
 * manifest, written last and atomically, switches the day from its previous backup to this
 * one; then the previous backup's files and the days past keep_days are deleted. A failure
 * at any point leaves the day's previous backup as it was.
 */
public final class BackupRun {

    /** What the operator asked for. */
    public record Options(List<String> components, String dbFrom, String filesFrom, Integer keepDays, Path directory,
                          Duration stallLimit, boolean dryRun, String method) {

        /** With the database's method of the config (backup.database.method). */
        public Options(List<String> components, String dbFrom, String filesFrom, Integer keepDays, Path directory,
                       Duration stallLimit, boolean dryRun) {
            this(components, dbFrom, filesFrom, keepDays, directory, stallLimit, dryRun, null);
        }
    }

    static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("HHmmss");

    private final HactlConfig cfg;
    private final NodeShells shells;
    private final Journal journal;
    private final Progress progress;
    private final Clock clock;
    private final String version;
    private final PhysicalDatabase physical;

    /** Logical database backups only (mariadb-dump). */
    public BackupRun(HactlConfig cfg, NodeShells shells, Journal journal, Progress progress, Clock clock, String version) {
        this(cfg, shells, journal, progress, clock, version, null);
    }

    /** @param physical the database's physical method (ops.db's PhysicalBackup); null: logical only */
    public BackupRun(HactlConfig cfg, NodeShells shells, Journal journal, Progress progress, Clock clock, String version,
                     PhysicalDatabase physical) {
        this.cfg = cfg;
        this.shells = shells;
        this.journal = journal;
        this.progress = progress;
        this.clock = clock;
        this.version = version;
        this.physical = physical;
    }

    /** Where a component is read from, and why (printed). */
    record Source(NodeConfig node, String role, String why) {
    }

    /** @return true when the backup was written; false when it failed (printed); throws Refused before any write */
    public boolean run(Options o) {
        BackupConfig b = cfg.backup();
        List<String> wanted = components(b, o.components());
        Path dir = o.directory() != null ? o.directory() : b.directory();
        Integer keepDays = o.keepDays() != null ? o.keepDays() : b.keepDays();
        BackupStore store = new BackupStore(dir);
        LocalDate today = LocalDate.now(clock);
        journal.begin("back up " + String.join(", ", wanted) + " to " + store.dayDir(today)
                + (o.dryRun() ? " (dry run)" : ""));

        ProbeSnapshot snapshot = null;
        if (needsProbeCycle(wanted, o)) {
            try (ProbeCycle cycle = new ProbeCycle(cfg, shells::forNode)) {
                snapshot = cycle.run();
            }
        }
        Diagnoser diagnoser = new Diagnoser();
        Source db = !wanted.contains(BackupConfig.DATABASE) ? null : snapshot == null
                ? new Source(node(o.dbFrom(), "--from"), null, "as asked (--from)")
                : databaseSource(snapshot, diagnoser.diagnoseDb(snapshot), o);
        Source files = wanted.stream().anyMatch(c -> !c.equals(BackupConfig.DATABASE))
                ? filesSource(snapshot, diagnoser.diagnoseApp(snapshot), o) : null;
        PhysicalDatabase.Plan plan = null;
        if (db != null) {
            journal.note(db.node().name(), "database: from " + db.node().name() + ", " + db.why());
            plan = plan(o.method() != null ? o.method() : b.databaseMethod(), db, dir);
            journal.note(db.node().name(), "database: method " + plan.why());
        }
        if (files != null) {
            journal.note(files.node().name(), "files: from " + files.node().name() + ", " + files.why());
        }
        if (o.dryRun()) {
            journal.print("dry run: would write " + wanted.size() + " file(s) and a manifest to " + store.dayDir(today)
                    + (keepDays != null ? ", keeping " + keepDays + " day(s)" : ""));
            try {
                if (keepDays != null) {
                    for (LocalDate d : store.expired(today, keepDays)) {
                        journal.print("dry run: would delete " + store.dayDir(d));
                    }
                }
            } catch (IOException e) {
                journal.print("cannot list " + dir + ": " + e.getMessage());
            }
            journal.done("dry run: nothing was written");
            return true;
        }

        Optional<BackupStore.Lock> lock;
        try {
            lock = store.tryLock();
        } catch (IOException e) {
            journal.fail("cannot use " + dir + ": " + e.getMessage());
            return false;
        }
        if (lock.isEmpty()) {
            throw new Refused("another backup is running (it holds " + dir.resolve(BackupStore.LOCK) + ")",
                    "wait for it to end (hactl history shows it)");
        }
        try (BackupStore.Lock held = lock.get()) {
            return write(o, b, wanted, store, today, keepDays, db, plan, files);
        } catch (IOException e) {
            journal.fail("cannot release the backup lock: " + e.getMessage());
            return false;
        }
    }

    private boolean write(Options o, BackupConfig b, List<String> wanted, BackupStore store, LocalDate today,
                          Integer keepDays, Source db, PhysicalDatabase.Plan plan, Source files) {
        Instant started = clock.instant();
        Path day;
        Optional<Manifest> previous;
        try {
            day = store.createDayDir(today);
            removeLeftovers(day);
            previous = readPrevious(day);
        } catch (IOException e) {
            journal.fail("cannot prepare " + store.dayDir(today) + ": " + e.getMessage());
            return false;
        }
        String run = runId(day, previous);
        List<Manifest.Entry> entries = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (String c : wanted) {
            Manifest.Entry e = c.equals(BackupConfig.DATABASE) && plan.physical()
                    ? physical.write(plan, day, BackupConfig.DATABASE + "-" + run + ".tar.zst", db.node(),
                    db.role() != null ? db.role() : plan.role(), o.stallLimit(), journal, progress)
                    : c.equals(BackupConfig.DATABASE)
                    ? database(day, run, db, o.stallLimit())
                    : files(day, run, b.component(c).orElseThrow(), files, o.stallLimit());
            if (e == null) {
                written.forEach(BackupRun::deleteQuietly);
                journal.fail("the backup of " + c + " failed (above); " + (previous.isPresent()
                        ? "the day's previous backup (run " + previous.get().run() + ") is kept as it was"
                        : "no backup was written for today") + "; the files of this run were removed");
                return false;
            }
            entries.add(e);
            written.add(day.resolve(e.file()));
        }
        // components not in this run keep their file from the day's previous backup
        Set<String> done = new HashSet<>(wanted);
        if (previous.isPresent()) {
            for (Manifest.Entry e : previous.get().components()) {
                if (!done.contains(e.component()) && Files.exists(day.resolve(e.file()))) {
                    entries.add(e);
                }
            }
        }
        List<String> order = b.componentNames();
        entries.sort(java.util.Comparator.comparingInt(e -> order.indexOf(e.component())));
        Manifest m = new Manifest(Manifest.FORMAT, version, cfg.clusterName(), today.toString(), run, started,
                clock.instant(), hostName(), List.copyOf(entries));
        try {
            AtomicFile.writeAtomically(day.resolve(Manifest.FILE), m.toJson());
        } catch (IOException e) {
            written.forEach(BackupRun::deleteQuietly);
            journal.fail("writing " + day.resolve(Manifest.FILE) + " failed: " + e.getMessage() + "; "
                    + (previous.isPresent() ? "the day's previous backup is kept as it was" : "no backup for today"));
            return false;
        }
        removeUnreferenced(day, m, previous);
        if (keepDays != null) {
            prune(store, today, keepDays);
        }
        long total = m.components().stream().filter(e -> e.file().contains("-" + run + ".")).mapToLong(Manifest.Entry::bytes).sum();
        journal.done(wanted.size() + " component(s), " + Progress.bytes(total) + " in " + day
                + " (manifest " + Manifest.FILE + "; check it with: hactl backup verify " + today + ")");
        return true;
    }

    private Manifest.Entry database(Path day, String run, Source src, Duration stall) {
        String name = BackupConfig.DATABASE + "-" + run + ".sql.zst";
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        DbEndpoint endpoint = new DbEndpoint(src.node().address(), cfg.database().port(), null, cfg.database().user(),
                cfg.database().password().reveal(), cfg.database().name());
        AtomicFile file = null;
        try {
            SqlClient sql = new SqlClient(Duration.ofSeconds(30));
            ServerFacts facts = ServerFacts.read(sql, endpoint);
            ServerFacts.Size size = ServerFacts.size(sql, endpoint, endpoint.database());
            file = AtomicFile.create(day.resolve(name));
            progress.start("database from " + src.node().name(), size.bytes(), size.tables());
            DbDumper.Result r;
            DbDumper dumper = new DbDumper();
            r = dumper.dumpInto(endpoint, facts, sql, file, size.tables(), progress, stall);     // null: no zstd program here
            if (r == null) {
                try (OutputStream z = Compression.ZSTD.compress(file, 0)) {
                    r = dumper.dump(endpoint, facts, z, progress, stall);
                }
            }
            file.commit();
            long nanos = System.nanoTime() - t0;
            journal.step(src.node().name(), "database", true, Progress.summary(r.bytes(), nanos) + " of SQL, "
                    + r.tables() + " tables → " + name + " (" + Progress.bytes(file.bytes()) + "); " + r.position(), nanos);
            return new Manifest.Entry(BackupConfig.DATABASE, name, file.bytes(), file.sha256(), r.bytes(), "zstd", start,
                    clock.instant(), src.node().name(), src.role() != null ? src.role()
                    : facts.replicaConfigured() ? "replica" : "master", endpoint.database(), r.gtid(), r.binlogFile(),
                    r.binlogPosition(), null, null, Manifest.LOGICAL, facts.version());
        } catch (DbToolException | IOException | UncheckedIOException | IllegalStateException e) {
            if (file != null) {
                file.abort();
            }
            journal.step(src.node().name(), "database", false, message(e), System.nanoTime() - t0);
            return null;
        } finally {
            progress.finish();
        }
    }

    private Manifest.Entry files(Path day, String run, BackupComponentConfig c, Source src, Duration stall) {
        String name = c.name() + "-" + run + ".tar.zst";
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<String> paths = c.pathsFor(src.node());
        NodeShell shell = shells.forNode(src.node());
        if (!(shell instanceof SshShell ssh)) {
            journal.step(src.node().name(), c.name(), false, "streaming needs an SSH connection", 0);
            return null;
        }
        long estimate = estimate(shell, paths);
        AtomicFile file = null;
        try {
            file = AtomicFile.create(day.resolve(name));
            progress.start(c.name() + " from " + src.node().name(), estimate, 0);
            SshShell.StreamResult r;
            try (OutputStream z = Compression.ZSTD.compress(file, 0)) {
                r = ssh.stream(TarCommand.create(paths, c.exclude()), z, stall, n -> progress.update(n, 0, null));
            }
            String warning = null;
            if (r.error() != null || r.exit() != 0 && r.exit() != 1) {
                file.abort();
                journal.step(src.node().name(), c.name(), false, (r.error() != null ? r.error() : "tar exited " + r.exit())
                        + (r.stderr().isBlank() ? "" : ": " + Excerpt.of(r.stderr()).replace('\n', ' ')),
                        System.nanoTime() - t0);
                return null;
            }
            if (r.exit() == 1) {
                warning = "tar: some files changed while they were read: " + Excerpt.of(r.stderr()).replace('\n', ' ');
            }
            file.commit();
            long nanos = System.nanoTime() - t0;
            journal.step(src.node().name(), c.name(), true, Progress.summary(r.bytes(), nanos) + " of tar ("
                    + String.join(" ", paths) + ") → " + name + " (" + Progress.bytes(file.bytes()) + ")"
                    + (warning != null ? "; warning: " + warning : ""), nanos);
            return new Manifest.Entry(c.name(), name, file.bytes(), file.sha256(), r.bytes(), "zstd", start, clock.instant(),
                    src.node().name(), null, null, null, null, null, paths, warning);
        } catch (IOException | UncheckedIOException e) {
            if (file != null) {
                file.abort();
            }
            journal.step(src.node().name(), c.name(), false, message(e), System.nanoTime() - t0);
            return null;
        } finally {
            progress.finish();
        }
    }

    /** The bytes the paths hold (du), for the ETA; 0 when unknown. */
    private static long estimate(NodeShell shell, List<String> paths) {
        var r = shell.run(duCommand(paths), Duration.ofSeconds(20));
        try {
            return r.ok() ? Long.parseLong(r.out().strip().split("\\s+")[0]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The total size of the paths: {@code du -sbc --} and each path single-quoted, the total line only. */
    static String duCommand(List<String> paths) {
        return "du -sbc -- " + String.join(" ", paths.stream().map(TarCommand::quote).toList()) + " 2>/dev/null | tail -n 1";
    }

    private static String message(Exception e) {
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            String m = e.getMessage();
            return "writing failed: " + m + (m != null && m.contains("No space left") ? " (the backup disk is full)" : "");
        }
        return e.getMessage();
    }

    /**
     * The database's method ({@code asked}: auto, physical or logical), with why. Without a physical
     * method (this BackupRun was made without one) auto is logical and physical is refused.
     */
    PhysicalDatabase.Plan plan(String asked, Source db, Path dir) {
        if (physical != null) {
            return physical.plan(asked, db.node(), dir);
        }
        if ("physical".equals(asked)) {
            throw new Refused("--method physical: this command makes logical backups only",
                    "back up with hactl backup (its database component is physical when it can be)");
        }
        return new PhysicalDatabase.Plan(false, "logical (--method " + asked + "): mariadb-dump of the application"
                + " database", 0);
    }

    Source databaseSource(ProbeSnapshot s, Diagnosis<DbCode> d, Options o) {
        if (o.dbFrom() != null) {
            NodeConfig n = node(o.dbFrom(), "--from");
            return new Source(n, role(s, n), "as asked (--from)");
        }
        if (d.code() == DbCode.HEALTHY) {
            NodeConfig replica = cfg.peerOf(cfg.node(d.master()).orElseThrow());
            return new Source(replica, "replica", "the replica, in sync with master " + d.master()
                    + ": no load on the master");
        }
        if (d.master() != null) {
            NodeProbe m = s.node(d.master()).orElse(null);
            if (m != null && m.db().responding()) {
                return new Source(cfg.node(d.master()).orElseThrow(), "master", "the master, because the replica is"
                        + " not healthy (" + d.sentence() + ")");
            }
        }
        throw new Refused("no node to dump the database from: " + d.sentence(),
                "fix the database (hactl check), or name a node that answers: --from NODE");
    }

    Source filesSource(ProbeSnapshot s, Diagnosis<AppCode> d, Options o) {
        if (o.filesFrom() != null) {
            return new Source(node(o.filesFrom(), "--files-from"), null, "as asked (--files-from)");
        }
        if (d.master() != null && d.code() != AppCode.ACTIVE_UNREACHABLE) {
            return new Source(cfg.node(d.master()).orElseThrow(), null, "where the application is active (app VIP)");
        }
        throw new Refused("no node to read the files from: " + d.sentence(),
                "name the node whose files to save: --files-from NODE");
    }

    private static String role(ProbeSnapshot s, NodeConfig n) {
        return s.node(n.name()).map(p -> p.db().isReplica() ? "replica" : "master").orElse(null);
    }

    private NodeConfig node(String name, String option) {
        return cfg.node(name).orElseThrow(() -> new Refused(option + " " + name + ": no such node",
                "use one of: " + String.join(", ", cfg.nodes().stream().map(NodeConfig::name).toList())));
    }

    /**
     * Whether the backup needs the pair's probe cycle (both nodes' ping, shell, SQL and ports: ~1–1.4 s on a loaded
     * lab): to choose the database's node (the replica when healthy, else the master) and the files' (where the
     * application is active). A backup of the database alone from a node named by --from needs neither: its role
     * (the manifest's) is what its own server tells the plan, or the dump's facts.
     */
    static boolean needsProbeCycle(List<String> wanted, Options o) {
        return o.dbFrom() == null || !wanted.equals(List.of(BackupConfig.DATABASE));
    }

    static List<String> components(BackupConfig b, List<String> asked) {
        if (asked == null || asked.isEmpty()) {
            return b.componentNames();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String a : asked) {
            if (!b.componentNames().contains(a)) {
                throw new Refused("no backup component named '" + a + "'", "components: "
                        + String.join(", ", b.componentNames()) + " (backup.components in the config names the"
                        + " file components)");
            }
            out.add(a);
        }
        // in config order, the database first
        return b.componentNames().stream().filter(out::contains).toList();
    }

    private void removeLeftovers(Path day) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(day)) {
            for (Path p : s) {
                if (AtomicFile.isPartial(p)) {
                    Files.deleteIfExists(p);
                    journal.print("removed " + p.getFileName() + ", left by an interrupted backup");
                } else if (p.getFileName().toString().endsWith(PhysicalDatabase.SCRATCH_SUFFIX) && Files.isDirectory(p)) {
                    removeTree(p);
                    journal.print("removed " + p.getFileName() + "/, the scratch copy of an interrupted physical backup");
                }
            }
        }
    }

    /** Backup files the new manifest does not name: the previous run's, and those of an interrupted run. */
    static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_.-]*-\\d{6}(-\\d+)?\\.(sql|tar)\\.zst");

    private void removeUnreferenced(Path day, Manifest m, Optional<Manifest> previous) {
        Set<String> kept = new HashSet<>(m.components().stream().map(Manifest.Entry::file).toList());
        Set<String> before = new HashSet<>(previous.map(p -> p.components().stream().map(Manifest.Entry::file).toList())
                .orElse(List.of()));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(day)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (kept.contains(n) || !OURS.matcher(n).matches()) {
                    continue;
                }
                deleteQuietly(p);
                if (!before.contains(n)) {
                    journal.print("removed " + n + ", left by an interrupted backup");
                }
            }
        } catch (IOException e) {
            journal.print("warning: cannot list " + day + ": " + e.getMessage());
        }
        previous.ifPresent(p -> {
            List<String> carried = m.components().stream().filter(e -> !e.file().contains("-" + m.run() + "."))
                    .map(Manifest.Entry::component).toList();
            journal.print("this replaces the day's previous backup (run " + p.run() + ")"
                    + (carried.isEmpty() ? "" : "; kept from it: " + String.join(", ", carried)));
        });
    }

    private Optional<Manifest> readPrevious(Path day) throws IOException {
        try {
            return Manifest.read(day);
        } catch (IOException e) {
            journal.print("warning: the day's manifest is unreadable (" + e.getMessage() + "): it is replaced");
            return Optional.empty();
        }
    }

    private String runId(Path day, Optional<Manifest> previous) {
        String base = LocalTime.now(clock).format(RUN);
        String run = base;
        for (int i = 2; previous.isPresent() && previous.get().run().equals(run) || exists(day, run); i++) {
            run = base + "-" + i;
        }
        return run;
    }

    private static boolean exists(Path day, String run) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(day, "*-" + run + ".*")) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private void prune(BackupStore store, LocalDate today, int keepDays) {
        try {
            for (LocalDate d : store.expired(today, keepDays)) {
                store.deleteDay(d);
                journal.print("deleted " + store.dayDir(d) + " (older than " + keepDays + " day(s))");
            }
        } catch (IOException e) {
            journal.print("warning: could not delete old days: " + e.getMessage());
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // reported by verify as a file not in the manifest
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
