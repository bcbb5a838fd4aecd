package io.hactl.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Processes by PID, from /proc. Namespaces share the PID space, so the lab never looks
 * processes up by name: it uses pid files, a node-specific marker in the command line,
 * and the network namespace of a PID. A zombie counts as dead (PID 1 here reaps
 * orphans only after a moment).
 */
final class Procs {

    private Procs() {
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            String s = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            return s.matches("\\d{1,9}") ? OptionalLong.of(Long.parseLong(s)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Alive and not a zombie. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Stopped (SIGSTOP: state T or t). */
    static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The command line with NULs as spaces; "" when the process is gone (or a zombie). */
    static String cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Alive and its command line contains {@code marker}. */
    static boolean aliveWith(long pid, String marker) {
        return alive(pid) && cmdline(pid).contains(marker);
    }

    /** Resident set size in kB (0 when gone). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** The inode of a process's network namespace, or -1 (gone, or not permitted). */
    static long netnsInode(long pid) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
            return Long.parseLong(link.replaceAll("[^0-9]", ""));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The inode of a named namespace (/run/netns/NAME), or -1. */
    static long namedNetnsInode(String name) {
        try {
            return ((Number) Files.getAttribute(Path.of("/run/netns/" + name), "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** All PIDs in /proc. */
    static List<Long> all() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(n));
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot list /proc: " + e.getMessage(), e);
        }
        return pids;
    }

    /** This JVM and its ancestors: never signalled, whatever they look like. */
    static Set<Long> selfAndAncestors() {
        Set<Long> s = new LinkedHashSet<>();
        ProcessHandle h = ProcessHandle.current();
        while (h != null) {
            s.add(h.pid());
            h = h.parent().orElse(null);
        }
        return s;
    }

    static void signal(long pid, boolean kill) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (kill) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
    }

    /**
     * TERM to every PID, a bounded wait for all of them to exit, then KILL to those left
     * and another bounded wait. Returns the PIDs that survived (empty on success).
     */
    static List<Long> terminate(Collection<Long> pids, Duration grace) {
        Set<Long> protectedPids = selfAndAncestors();
        List<Long> targets = pids.stream().distinct().filter(p -> !protectedPids.contains(p)).filter(Procs::alive).toList();
        if (targets.isEmpty()) {
            return List.of();
        }
        targets.forEach(p -> signal(p, false));
        if (Poll.until(grace, Duration.ofMillis(20), () -> targets.stream().noneMatch(Procs::alive))) {
            return List.of();
        }
        List<Long> left = targets.stream().filter(Procs::alive).toList();
        left.forEach(p -> signal(p, true));
        Poll.until(Duration.ofSeconds(5), Duration.ofMillis(20), () -> left.stream().noneMatch(Procs::alive));
        return left.stream().filter(Procs::alive).toList();
    }
}
