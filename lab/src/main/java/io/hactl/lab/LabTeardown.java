package io.hactl.lab;

import io.hactl.node.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds everything of a lab on this machine, running or left over by a killed run (hactl-*
 * namespaces and links, the lab's processes, ZooKeeper members included, the tmpfs, the
 * directory with the members' data), and removes it:
 * processes first (TERM, bounded wait, KILL), then links, namespaces, mounts, the directory.
 */
final class LabTeardown {

    private static final Duration TERM_GRACE = Duration.ofSeconds(15);

    /** What {@link #discover()} found of a lab, running or left over. */
    record Leftovers(List<String> namespaces, List<String> links, Set<Long> pids, boolean dirExists, int mounts) {
        boolean isEmpty() {
            return namespaces.isEmpty() && links.isEmpty() && pids.isEmpty() && !dirExists && mounts == 0;
        }

        String summary() {
            List<String> parts = new ArrayList<>();
            if (!pids.isEmpty()) {
                parts.add(pids.size() + " process" + (pids.size() == 1 ? "" : "es"));
            }
            if (!namespaces.isEmpty()) {
                parts.add("namespaces " + String.join(" ", namespaces));
            }
            if (!links.isEmpty()) {
                parts.add("links " + String.join(" ", links));
            }
            if (mounts > 0) {
                parts.add("tmpfs");
            }
            if (dirExists) {
                parts.add("lab dir");
            }
            return String.join(", ", parts);
        }
    }

    private final LabLayout layout;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabFaults faults;
    private final LabLog log;

    LabTeardown(LabLayout layout, LabShell shell, LabProcesses procs, LabFaults faults, LabLog log) {
        this.layout = layout;
        this.shell = shell;
        this.procs = procs;
        this.faults = faults;
        this.log = log;
    }

    /** The hactl-* network namespaces ({@code ip netns list}). */
    List<String> namespaces() {
        List<String> namespaces = new ArrayList<>();
        CommandResult ns = shell.run("host", Duration.ofSeconds(5), null, "ip", "netns", "list");
        for (String line : ns.out().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (name.startsWith(LabNetwork.PREFIX)) {
                namespaces.add(name);
            }
        }
        return namespaces;
    }

    /** Everything of a lab on this machine: hactl-* namespaces and links, the lab's processes, the lab dir. */
    Leftovers discover() {
        List<String> namespaces = namespaces();
        List<String> links = hactlLinks();
        Set<Long> pids = new LinkedHashSet<>();
        Set<Long> protectedPids = Procs.selfAndAncestors();
        for (LabNode n : LabNode.ALL) {
            for (String c : Lab.COMPONENTS) {
                procs.livePid(n, c).ifPresent(pids::add);
            }
        }
        for (LabNode n : LabNode.HOSTS) {
            procs.livePid(n, "zookeeper").ifPresent(pids::add);
            procs.livePid(n, "controller").ifPresent(pids::add);
        }
        for (String name : namespaces) {
            pids.addAll(netnsPids(name));
        }
        String d = layout.dir() + "/";
        for (long pid : Procs.all()) {
            if (protectedPids.contains(pid) || pids.contains(pid)) {
                continue;
            }
            String cmd = Procs.cmdline(pid);
            if (cmd.contains(d) && (cmd.contains("--defaults-file=" + d) || cmd.contains("-f " + d)
                    || cmd.contains("-Dcatalina.base=" + d) || cmd.contains("LabBackendService --node")
                    || cmd.contains("QuorumPeerMain " + d) || cmd.contains("controller --config " + d))
                    && Procs.alive(pid)) {
                pids.add(pid);
            }
        }
        pids.removeAll(protectedPids);
        return new Leftovers(namespaces, links, pids, Files.exists(layout.dir(), LinkOption.NOFOLLOW_LINKS),
                mountCount(layout.dir()));
    }

    /** The hactl-* links of the root namespace (the bridge, the host ends of the veths). */
    List<String> hactlLinks() {
        List<String> links = new ArrayList<>();
        CommandResult r = shell.run("host", Duration.ofSeconds(5), null, "ip", "-o", "link", "show");
        for (String line : r.out().split("\n")) {
            String[] f = line.split(":\\s+", 3);
            if (f.length >= 2) {
                String name = f[1].split("@")[0].trim();
                if (name.startsWith(LabNetwork.PREFIX)) {
                    links.add(name);
                }
            }
        }
        return links;
    }

    private List<Long> netnsPids(String namespace) {
        List<Long> pids = new ArrayList<>();
        CommandResult r = shell.run("host", Duration.ofSeconds(5), null, "ip", "netns", "pids", namespace);
        for (String s : r.out().split("\\s+")) {
            if (s.matches("\\d+") && Procs.alive(Long.parseLong(s))) {
                pids.add(Long.parseLong(s));
            }
        }
        return pids;
    }

    /** Removes what {@link #discover()} found; a LabException when anything of it is still there after. */
    void teardown(Leftovers found) {
        LabNet.removeNetnsEtc();
        for (LabNode n : LabNode.HOSTS) {
            faults.reconnectToHost(n); // a blackhole route of a test's fault is not bound to the bridge
        }
        // ZooKeeper members get KILL at once: their data goes with the lab directory, and their
        // orderly shutdown on TERM takes ~0.4 s that down and up would wait for.
        // The lab's controllers too: one may be SIGSTOPped by a test (TERM would wait), and they keep nothing.
        List<Long> members = found.pids().stream().filter(p -> Procs.cmdline(p).contains("QuorumPeerMain " + layout.dir())
                || Procs.cmdline(p).contains("controller --config " + layout.dir())).toList();
        if (!members.isEmpty()) {
            log.line("kill -9 zookeeper members and controllers " + members);
            members.forEach(p -> Procs.signal(p, true));
        }
        // Processes first (all at once: TERM, bounded wait, KILL); a namespace may gain a
        // process meanwhile (an ssh session), so look again before deleting it.
        for (int round = 0; round < 3; round++) {
            Set<Long> pids = new LinkedHashSet<>(round == 0 ? found.pids() : Set.of());
            for (String ns : found.namespaces()) {
                pids.addAll(netnsPids(ns));
            }
            if (round > 0 && pids.isEmpty()) {
                break;
            }
            log.line("terminating " + pids);
            List<Long> left = Procs.terminate(pids, TERM_GRACE);
            if (!left.isEmpty()) {
                throw new LabException("processes survived TERM and KILL: " + left);
            }
        }
        // The host ends of the veths can linger after 'ip netns del': delete them first (it takes the peer too).
        for (String link : found.links()) {
            if (!link.equals(LabNetwork.BRIDGE)) {
                shell.runIgnoringMissing("ip", "link", "del", link);
            }
        }
        for (String ns : found.namespaces()) {
            CommandResult r = shell.run("host", Duration.ofSeconds(10), null, "ip", "netns", "del", ns);
            if (!r.ok() && Files.exists(Path.of("/run/netns", ns))) {
                throw new LabException(r.describe());
            }
        }
        for (String link : hactlLinks()) {
            shell.runIgnoringMissing("ip", "link", "del", link);
        }
        for (int i = 0; i < 10 && mountCount(layout.dir()) > 0; i++) {
            CommandResult r = shell.run("host", Duration.ofSeconds(10), null, "umount", layout.dir().toString());
            if (!r.ok()) {
                // busy (a shell with its working directory in the lab): detach it anyway
                shell.check("host", "umount", "-l", layout.dir().toString());
            }
        }
        LabFiles.deleteTree(layout.dir());
        Leftovers after = discover();
        if (!after.isEmpty()) {
            throw new LabException("after teardown still present: " + after.summary() + " " + after);
        }
    }

    /** How many mounts sit on {@code dir} (from /proc/self/mountinfo). */
    static int mountCount(Path dir) {
        int n = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].replace("\\040", " ").equals(dir.toString())) {
                    n++;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return n;
    }
}
