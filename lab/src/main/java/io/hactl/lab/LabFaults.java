package io.hactl.lab;

import io.hactl.node.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The faults tests apply to a node, each with its undo: a killed, paused or disk-full MariaDB,
 * a link down, an isolated bridge port, a node cut off from this machine, the nodes cut off
 * from each other. The network faults take the witness too (a link down, an isolated port, cut
 * off from this machine); a ZooKeeper member's faults (kill -9, SIGSTOP) are
 * {@link LabZookeeper}'s. Heal undoes whatever is left of them.
 */
final class LabFaults {

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabMariadb mariadb;
    private final LabLog log;
    private final LabCuts cuts;

    LabFaults(LabLayout layout, LabShell shell, LabProcesses procs, LabMariadb mariadb, LabLog log, LabCuts cuts) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
        this.mariadb = mariadb;
        this.log = log;
        this.cuts = cuts;
    }

    /** kill -9 of the node's mariadbd (by its pid file's PID); waits until it is gone. False when it was not running. */
    boolean killMariadb(LabNode n) {
        OptionalLong pid = procs.livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return false;
        }
        log.line("kill -9 mariadbd on " + n + " pid " + pid.getAsLong());
        Procs.signal(pid.getAsLong(), true);
        Poll.await("mariadbd pid " + pid.getAsLong() + " to die", Duration.ofSeconds(10), Duration.ofMillis(10),
                () -> !Procs.alive(pid.getAsLong()), null);
        return true;
    }

    /** SIGSTOP to the node's mariadbd: a hung master. False when it was not running. */
    boolean pauseMariadb(LabNode n) {
        OptionalLong pid = procs.livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return false;
        }
        shell.check(n.name(), "kill", "-STOP", Long.toString(pid.getAsLong()));
        return true;
    }

    /** SIGCONT to the node's mariadbd when it is stopped; a no-op otherwise. */
    void resumeMariadb(LabNode n) {
        OptionalLong pid = procs.livePid(n, "mariadb");
        if (pid.isPresent() && Procs.stopped(pid.getAsLong())) {
            shell.check(n.name(), "kill", "-CONT", Long.toString(pid.getAsLong()));
        }
    }

    /** Whether the node's mariadbd is stopped by {@link #pauseMariadb}. */
    boolean mariadbPaused(LabNode n) {
        OptionalLong pid = procs.livePid(n, "mariadb");
        return pid.isPresent() && Procs.stopped(pid.getAsLong());
    }

    /** The node's link down (its host end): its ZooKeeper member cut off, recorded for heal ({@link LabCuts}). */
    void linkDown(LabNode n) {
        shell.check(n.name(), "ip", "link", "set", n.hostVeth(), "down");
        cuts.record(n);
    }

    void linkUp(LabNode n) {
        shell.check(n.name(), "ip", "link", "set", n.hostVeth(), "up");
    }

    /** The node's bridge port stops forwarding (state disabled); both ends of the veth keep their carrier. */
    void isolate(LabNode n) {
        shell.check(n.name(), "bridge", "link", "set", "dev", n.hostVeth(), "state", "0");
        cuts.record(n);
    }

    /** Undoes {@link #isolate}: the node's bridge port forwards again. */
    void rejoin(LabNode n) {
        shell.check(n.name(), "bridge", "link", "set", "dev", n.hostVeth(), "state", "3");
    }

    /** A blackhole route for the node's address in the root namespace: cut off from this machine only. */
    void cutFromHost(LabNode n) {
        shell.check(n.name(), "ip", "route", "replace", "blackhole", n.address() + "/32");
        cuts.record(n);
    }

    /** Undoes {@link #cutFromHost}; a no-op when there is no such route. */
    void reconnectToHost(LabNode n) {
        if (blackholed(n)) {
            shell.check(n.name(), "ip", "route", "del", "blackhole", n.address() + "/32");
        }
    }

    boolean blackholed(LabNode n) {
        return shell.run(n.name(), Duration.ofSeconds(5), null, "ip", "route", "show", "type", "blackhole")
                .out().contains(n.address());
    }

    /** In each node's namespace a blackhole route for the other's address. */
    void partition() {
        for (LabNode n : LabNode.ALL) {
            LabNode other = n.equals(LabNode.N1) ? LabNode.N2 : LabNode.N1;
            shell.check(n.name(), "ip", "-n", n.namespace(), "route", "replace", "blackhole", other.address() + "/32");
            cuts.record(n);
        }
    }

    /** Undoes {@link #partition}: every blackhole route inside the nodes goes; a no-op when there is none. */
    void unpartition() {
        for (LabNode n : LabNode.ALL) {
            removeBlackholesInside(n, blackholesInside(n));
        }
    }

    void removeBlackholesInside(LabNode n, List<String> prefixes) {
        for (String prefix : prefixes) {
            shell.check(n.name(), "ip", "-n", n.namespace(), "route", "del", "blackhole", prefix);
        }
    }

    List<String> blackholesInside(LabNode n) {
        List<String> out = new ArrayList<>();
        CommandResult r = shell.run(n.name(), Duration.ofSeconds(5), null, "ip", "-n", n.namespace(), "route", "show",
                "type", "blackhole");
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("blackhole")) {
                out.add(f[1]);
            }
        }
        return out;
    }

    /** Where {@link #diskFull} mounts its 1 MB file system, inside the node's mariadbd mount namespace only. */
    Path fullDir(LabNode n) {
        return layout.nodeDir(n).resolve("full");
    }

    /**
     * A full disk under the node's MariaDB, without InnoDB seeing it (on a full disk MariaDB
     * 10.11 aborts while rolling an InnoDB statement back): a 1 MB tmpfs mounted in the
     * mount namespace of the node's mariadbd only, a MyISAM table {@code hactl_full.tm} with
     * its DATA DIRECTORY there, and a session filling it until the server waits "for someone
     * to free space". All with the binary log off: nothing of it reaches the other node.
     * Returns once that session waits.
     */
    void diskFull(LabNode n) {
        long pid = procs.livePid(n, "mariadb").orElseThrow(() -> new LabException("diskFull: mariadbd on " + n
                + " is not running: lab heal"));
        Path dir = fullDir(n);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new LabException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        shell.check(n.name(), "nsenter", "-t", Long.toString(pid), "-m", "mount", "-t", "tmpfs", "-o",
                "size=1m,mode=0777", "hactl-lab-full", dir.toString());
        mariadb.sql(n, "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + Lab.FULL_DATABASE + "; CREATE DATABASE "
                + Lab.FULL_DATABASE + "; CREATE TABLE " + Lab.FULL_DATABASE + ".tm (id INT PRIMARY KEY, v VARCHAR(200))"
                + " ENGINE=MyISAM DATA DIRECTORY='" + dir + "';", Duration.ofSeconds(30));
        CompletableFuture<CommandResult> filler = CompletableFuture.supplyAsync(() -> shell.run(n.name(),
                Duration.ofMinutes(30), "USE " + Lab.FULL_DATABASE + "; SET SESSION sql_log_bin=0; INSERT INTO tm SELECT"
                        + " seq, REPEAT('x', 200) FROM seq_1_to_100000;\n", mariadb.args(n, true)), Parallel.POOL);
        Poll.await("a session on " + n + " waiting for disk space", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> {
                    if (filler.isDone()) {
                        CommandResult r = filler.join();
                        throw new LabException("diskFull: the session filling " + Lab.FULL_DATABASE + ".tm on " + n
                                + " ended instead of waiting for space: " + r.describe());
                    }
                    return !mariadb.sql(n, "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE '%free space%'",
                            Duration.ofSeconds(10)).isBlank();
                }, null);
    }

    /**
     * Undoes {@link #diskFull}: room again, the filling session ended, the database dropped, the
     * mount gone. With mariadbd down it waits for heal, which runs it once mariadbd is back.
     */
    void diskFree(LabNode n) {
        Path dir = fullDir(n);
        if (!Files.exists(dir)) {
            return;
        }
        OptionalLong pid = procs.livePid(n, "mariadb");
        if (pid.isEmpty()) {
            return; // its mount went with the process; heal drops the database once mariadbd runs again
        }
        String ns = Long.toString(pid.getAsLong());
        boolean mounted = shell.run(n.name(), Duration.ofSeconds(10), null, "nsenter", "-t", ns, "-m", "findmnt", "-n",
                dir.toString()).ok();
        if (mounted) {
            shell.check(n.name(), "nsenter", "-t", ns, "-m", "mount", "-o", "remount,size=64m", dir.toString());
        }
        for (String id : mariadb.sql(n, "SELECT ID FROM information_schema.PROCESSLIST WHERE (DB = '"
                + Lab.FULL_DATABASE + "' OR INFO LIKE '%" + Lab.FULL_DATABASE + ".tm SELECT%') AND ID <> CONNECTION_ID()",
                Duration.ofSeconds(10)).strip().split("\\s+")) {
            if (!id.isBlank()) {
                shell.run(n.name(), Duration.ofSeconds(10), "KILL " + id, mariadb.args(n, true)); // gone already: fine
            }
        }
        mariadb.sql(n, "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS " + Lab.FULL_DATABASE, Duration.ofSeconds(30));
        if (mounted) {
            shell.check(n.name(), "nsenter", "-t", ns, "-m", "umount", dir.toString());
        }
        LabFiles.deleteTree(dir);
    }
}
