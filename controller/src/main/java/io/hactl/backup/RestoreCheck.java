package io.hactl.backup;

import io.hactl.model.DurationText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code hactl backup verify --restore}: the proof that a physical backup starts, not only that
 * its bytes are the ones written. Its tar is unpacked into a temporary directory on this machine
 * (it was prepared when it was taken), a throw-away mariadbd is started on it (its own data
 * directory, socket and pid file in that directory, no network, no binary log, no replication,
 * grant tables skipped: reachable only through its socket in a 0700 directory), mariadb-check
 * checks every table (CHECK TABLE), then the server is stopped by its PID and the directory
 * removed. Slow (the whole server unpacked and read), hence an option; the checksums come first.
 */
public final class RestoreCheck {

    /** How long the throw-away server gets to answer on its socket. */
    static final Duration START = Duration.ofMinutes(5);
    static final Duration CHECK = Duration.ofHours(2);
    static final Duration STOP = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Room the check needs on top of the unpacked copy (the server's own temporary files, its log). */
    static final long MARGIN = 256L * 1024 * 1024;

    /**
     * What the test restore found.
     *
     * @param ok      the server started on the copy and every table checked OK
     * @param summary what it did and how long each part took, or what went wrong (naming the file and the table)
     */
    public record Result(boolean ok, String summary) {
    }

    /** What mariadb-check said: the tables it checked, and each problem as "db.table: error line". */
    record Checked(int tables, List<String> problems) {
    }

    private final Path scratchRoot;
    private final Consumer<String> say;

    /** @param scratchRoot where the temporary directory is made; @param say a line for the operator per part done */
    public RestoreCheck(Path scratchRoot, Consumer<String> say) {
        this.scratchRoot = scratchRoot;
        this.say = say;
    }

    /** The test restore of {@code e}, a physical database entry of the day {@code day}. */
    public Result run(Path day, Manifest.Entry e) {
        if (!e.physical()) {
            return new Result(true, "not a physical copy (a mariadb-dump): nothing to start; its checksums and its"
                    + " '-- Dump completed' line were checked");
        }
        long t0 = System.nanoTime();
        long free = usable(scratchRoot);
        long need = e.rawBytes() + MARGIN;
        if (free < need) {
            return new Result(false, "not tried: " + scratchRoot + " has " + Progress.bytes(free) + " free, the test"
                    + " restore needs " + Progress.bytes(need) + " (the copy unpacked, " + Progress.bytes(e.rawBytes())
                    + ", + " + Progress.bytes(MARGIN) + "); free space there or give another directory: --scratch DIR");
        }
        Path tmp = null;
        LocalProgram server = null;
        try {
            tmp = Files.createTempDirectory(scratchRoot, "hactl-restore-check-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path data = Files.createDirectory(tmp.resolve("data"));
            long t = System.nanoTime();
            unpack(day.resolve(e.file()), data);
            say.accept("unpacked " + e.file() + " into " + data + " (" + Progress.bytes(e.rawBytes()) + ") in "
                    + since(t));

            t = System.nanoTime();
            server = LocalProgram.start(serverArgv(tool("mariadbd", "mysqld"), tmp, System.getProperty("user.name")),
                    true);
            String why = awaitServer(server, tmp);
            if (why != null) {
                return new Result(false, "the throw-away mariadbd did not start on the copy of " + e.file() + ": " + why
                        + LocalProgram.tail(errorLog(tmp)) + " (its error log: " + tmp.resolve("mariadbd.err") + ")");
            }
            say.accept("started a throw-away mariadbd on it (pid " + server.pid() + ", socket " + socket(tmp)
                    + ", no network) in " + since(t));

            t = System.nanoTime();
            var r = io.hactl.node.LocalShell.exec("this machine", checkArgv(tool("mariadb-check", "mysqlcheck"), tmp),
                    "mariadb-check --all-databases", null, CHECK);
            Checked c = parse(r.out());
            if (!r.ok() || !c.problems().isEmpty() || c.tables() == 0) {
                return new Result(false, "mariadb-check on the copy of " + e.file() + ": " + (c.problems().isEmpty()
                        ? "exited " + r.exit() + LocalProgram.tail(r.err() + "\n" + r.out())
                        : String.join("; ", c.problems())) + " (" + c.tables() + " table(s) checked)");
            }
            say.accept("mariadb-check --all-databases (CHECK TABLE): " + c.tables() + " tables OK in " + since(t));
            return new Result(true, "the copy starts and every table checks OK: " + c.tables() + " tables, "
                    + since(t0) + " in all");
        } catch (IOException | RuntimeException ex) {
            return new Result(false, "the test restore of " + e.file() + " failed: " + ex.getMessage());
        } finally {
            if (server != null) {
                server.kill(STOP);
                say.accept("stopped the throw-away mariadbd (SIGTERM to pid " + server.pid() + ")");
            }
            if (tmp != null) {
                try {
                    removeTree(tmp);
                    say.accept("removed " + tmp);
                } catch (IOException ex) {
                    say.accept("warning: cannot remove " + tmp + ": " + ex.getMessage() + "; remove it by hand");
                }
            }
        }
    }

    /** The backup's tar, decompressed here, into {@code tar -x} in {@code data}; a damaged stream fails. */
    private static void unpack(Path file, Path data) throws IOException {
        try (LocalProgram tar = LocalProgram.start(untarArgv(data), false)) {
            IOException failure = null;
            try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file));
                 OutputStream to = tar.stdin()) {
                in.transferTo(to);
            } catch (IOException ex) {
                failure = ex;
            }
            int exit = tar.await(CHECK);
            if (exit != 0) {
                throw new IOException("unpacking " + file.getFileName() + ": " + tar.describe(exit));
            }
            if (failure != null) {
                throw new IOException("reading " + file.getFileName() + ": " + failure.getMessage(), failure);
            }
        }
    }

    /** Null once the server answers on its socket; else why (it exited, or not within {@link #START}). */
    private static String awaitServer(LocalProgram server, Path tmp) {
        long deadline = System.nanoTime() + START.toNanos();
        List<String> ping = pingArgv(tool("mariadb-admin", "mysqladmin"), tmp);
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                return "it exited " + server.await(Duration.ofSeconds(5));
            }
            if (Files.exists(socket(tmp))
                    && io.hactl.node.LocalShell.exec("this machine", ping, "mariadb-admin ping", null,
                    Duration.ofSeconds(10)).ok()) {
                return null;
            }
            try {
                Thread.sleep(POLL.toMillis());     // a bounded poll of the server's socket, not a wait standing in for one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "no answer on its socket within " + START.toSeconds() + " s";
    }

    private static String errorLog(Path tmp) {
        try {
            return Files.readString(tmp.resolve("mariadbd.err"));
        } catch (IOException e) {
            return "";
        }
    }

    private static String since(long t0) {
        return DurationText.seconds(Duration.ofNanos(System.nanoTime() - t0));
    }

    static long usable(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A program in PATH or in the server's directories (/usr/sbin); the first name found. */
    static String tool(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"));
        for (String n : names) {
            for (String d : dirs) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, n))) {
                    return Path.of(d, n).toString();
                }
            }
        }
        throw new IllegalStateException(String.join(" or ", names) + " not found in PATH nor /usr/sbin: install the"
                + " server on this machine for a test restore (apt-get install mariadb-server; it need not run)");
    }

    // ------------------------------------------------------------------ the commands (pure, unit-tested)

    static Path socket(Path tmp) {
        return tmp.resolve("mariadbd.sock");
    }

    static List<String> untarArgv(Path data) {
        return TarCommand.extractArgv(data.toString());
    }

    /**
     * The throw-away server: no option file read (--no-defaults: nothing of this machine's own server),
     * everything inside {@code tmp}, no TCP port, no binary log, no replication, no grant tables (only its
     * socket in a 0700 directory reaches it); as {@code user} (the one running hactl: the files are its).
     */
    static List<String> serverArgv(String mariadbd, Path tmp, String user) {
        return List.of(mariadbd, "--no-defaults", "--datadir=" + tmp.resolve("data"), "--socket=" + socket(tmp),
                "--pid-file=" + tmp.resolve("mariadbd.pid"), "--log-error=" + tmp.resolve("mariadbd.err"),
                "--tmpdir=" + tmp, "--skip-networking", "--port=0", "--skip-log-bin", "--skip-slave-start",
                "--skip-grant-tables", "--innodb-buffer-pool-size=64M", "--user=" + user);
    }

    static List<String> pingArgv(String admin, Path tmp) {
        return List.of(admin, "--no-defaults", "--socket=" + socket(tmp), "--connect-timeout=2", "ping");
    }

    static List<String> checkArgv(String check, Path tmp) {
        return List.of(check, "--no-defaults", "--socket=" + socket(tmp), "--all-databases", "--check");
    }

    /**
     * mariadb-check's output: "db.table   OK" per good table; a table with a problem has its name
     * alone on a line, then "error    : ..." lines (a "note" is not a problem: a view, an engine
     * without CHECK).
     */
    static Checked parse(String out) {
        int tables = 0;
        List<String> problems = new ArrayList<>();
        String current = null;
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0)) && !l.contains(" : ") && !l.matches("(?i)(error|warning|note|"
                    + "status|info)\\s*:.*")) {
                String[] f = l.split("\\s+");
                current = f[0];
                tables++;
                if (f.length > 1 && !f[f.length - 1].equals("OK")) {
                    problems.add(current + ": " + l.substring(f[0].length()).strip());
                }
            } else if (l.matches("(?i)error\\s*:.*")) {
                problems.add((current == null ? "?" : current) + ": " + l.replaceFirst("(?i)error\\s*:\\s*", ""));
            }
        }
        return new Checked(tables, problems);
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
