package io.hactl.ops.db;

import io.hactl.backup.ClientTools;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.OptionFile;
import io.hactl.backup.StderrTail;
import io.hactl.config.NodeConfig;
import io.hactl.config.SecretVariables;
import io.hactl.db.GtidMemory;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.node.CommandResult;
import io.hactl.node.Excerpt;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import io.hactl.pair.StepFailed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transactions a dead master committed that its replica never received, read from the
 * master's binary log over ssh and applied to the replica before it becomes the master, as
 * MHA's save_binary_logs does (issue 13, defect 5: acking a failover lost 800 acknowledged rows
 * that were in the dead master's binlog on a host that still answered).
 *
 * <ol>
 *   <li>{@link #locate}: where the binlog is: the old master's log_bin_basename as hactl last read
 *       it while its database answered ({@link GtidMemory}), else its my.cnf ({@code
 *       my_print_defaults --mysqld} on the node);
 *   <li>{@link #salvage}, one remote command ({@link #salvageCommand}, issue 20): the index file's
 *       list, from the file the replica was reading on; {@code mariadb-binlog
 *       --start-position=REPLICA_GTID -- FILES} (MariaDB: each GTID of the list is exclusive: only what
 *       comes after it is printed; the events keep their GTIDs) or {@code mysqlbinlog
 *       --exclude-gtids=EXECUTED -- FILES} (MySQL), streamed into the {@code mariadb} client connected
 *       to the new master as the admin user (password in an option file, never on a command line);
 *       and meanwhile the binlog's last GTID per domain, for the caller's check that the new master
 *       now covers it.
 * </ol>
 * Every argv puts {@code --} before the file names (data read from the node).
 */
final class BinlogSalvage {

    private static final Duration SHORT = Duration.ofSeconds(10);
    /** A binlog tail that stops moving this long is given up. */
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Pattern EVENT_GTID = Pattern.compile("^#.*\\tGTID (\\d+)-(\\d+)-(\\d+)");
    private static final Pattern GTID = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");

    /** Where the binlog is and how that was found out. */
    record Source(String basename, String how) {
        String index() {
            return basename + ".index";
        }
    }

    /**
     * @param transactions GTID events applied
     * @param last         the last GTID applied per domain, "d-s-n,..."; empty when none
     */
    record Applied(int transactions, String first, String last, long bytes) {
    }

    private final Function<NodeConfig, NodeShell> shells;

    BinlogSalvage(Function<NodeConfig, NodeShell> shells) {
        this.shells = shells;
    }

    // ------------------------------------------------------------------ where

    Source locate(NodeConfig old, GtidMemory.Seen seen) {
        if (seen != null && seen.binlogBasename() != null && !seen.binlogBasename().isBlank()) {
            return new Source(seen.binlogBasename(), "log_bin_basename as " + seen.by() + " read it at "
                    + seen.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        CommandResult r = shells.apply(old).run(DEFAULTS_COMMAND, SHORT);
        Optional<String> b = r.exit() < 0 ? Optional.empty() : basenameFromDefaults(r.out());
        if (b.isPresent()) {
            return new Source(b.get(), "its my.cnf (my_print_defaults --mysqld)");
        }
        throw new StepFailed("cannot tell where " + old.name() + "'s binary log is: hactl never read its"
                + " log_bin_basename while its database answered, and my_print_defaults --mysqld on " + old.name()
                + " names no log_bin" + (r.ok() ? "" : " (" + r.describe() + ")"));
    }

    /** Prints the server's options from the usual option files, one per line ("--log_bin=binlog"). */
    static final String DEFAULTS_COMMAND = "for t in my_print_defaults mariadb-print-defaults; do"
            + " if command -v \"$t\" >/dev/null 2>&1; then \"$t\" --mysqld; exit 0; fi; done; exit 127";

    /** log_bin (absolute, or relative to datadir; default datadir /var/lib/mysql) from my_print_defaults' lines. */
    static Optional<String> basenameFromDefaults(String out) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("--")) {
                continue;
            }
            int eq = l.indexOf('=');
            String key = (eq < 0 ? l.substring(2) : l.substring(2, eq)).replace('-', '_');
            opts.put(key, eq < 0 ? "" : l.substring(eq + 1).strip());
        }
        String logBin = opts.get("log_bin");
        if (logBin == null || logBin.isEmpty() || logBin.equalsIgnoreCase("OFF") || logBin.equals("0")) {
            return Optional.empty();
        }
        if (logBin.equalsIgnoreCase("ON") || logBin.equals("1")) {
            return Optional.empty(); // the default name depends on the host name: not guessed
        }
        if (logBin.startsWith("/")) {
            return Optional.of(logBin);
        }
        String datadir = opts.getOrDefault("datadir", "/var/lib/mysql");
        return Optional.of((datadir.endsWith("/") ? datadir : datadir + "/") + logBin);
    }

    // ------------------------------------------------------------------ commands (pure)

    /** The binlog reader on the node: mariadb-binlog (MariaDB; mysqlbinlog on older ones) or mysqlbinlog (MySQL). */
    private static String tool(Flavor f) {
        String names = f == Flavor.MYSQL ? "mysqlbinlog" : "mariadb-binlog mysqlbinlog";
        return "B=; for t in " + names + "; do if command -v \"$t\" >/dev/null 2>&1; then B=\"$t\"; break; fi; done;"
                + " [ -n \"$B\" ] || { echo '" + (f == Flavor.MYSQL ? "mysqlbinlog" : "mariadb-binlog")
                + " not found on this node: install the server'\"'\"'s client tools' >&2; exit 127; }; ";
    }

    /**
     * Prints, as SQL, every transaction in {@code files} after {@code start} (MariaDB: the replica's
     * gtid position, each GTID exclusive; MySQL: its gtid_executed, excluded). Empty {@code start}:
     * everything in the files.
     */
    static String readCommand(Flavor f, String start, List<String> files) {
        return tool(f) + "\"$B\" " + String.join(" ", readArgs(f, start, files).stream().map(BinlogSalvage::q).toList());
    }

    /** The reader's arguments after its name; file names after "--". */
    static List<String> readArgs(Flavor f, String start, List<String> files) {
        List<String> a = new ArrayList<>();
        String s = start == null ? "" : start.replace("\n", "").strip();
        if (!s.isEmpty()) {
            a.add(f == Flavor.MYSQL ? "--exclude-gtids=" + s : "--start-position=" + s);
        }
        a.add("--");
        a.addAll(files);
        return a;
    }

    /**
     * MariaDB: the last GTID per domain in {@code lastFile} (its Gtid list, then its events), one per
     * line: what the old master had committed, to check the new master covers it.
     */
    static String endStateCommand(String lastFile) {
        return tool(Flavor.MARIADB) + "\"$B\" -- " + q(lastFile) + END_PIPELINE;
    }

    /** The reader's output of one file to its last GTID per domain, one per line. */
    private static final String END_PIPELINE = " | grep -a '^#' | grep -aoE"
            + " '(list \\[|^# |GTID )[0-9]+-[0-9]+-[0-9]+' | grep -aoE '[0-9]+-[0-9]+-[0-9]+$'"
            + " | awk -F- '{l[$1]=$0} END {for (d in l) print l[d]}'";

    /** What the one salvage command says on stderr, after the reader's own lines: the files it read, the binlog's end. */
    static final String FILES_MARK = "@@hactl-files ";
    static final String END_MARK = "@@hactl-end ";
    static final String INDEX_MARK = "@@hactl-index ";
    static final String RECEIVED_MARK = "@@hactl-received ";

    /**
     * The whole salvage in one remote command (issue 20: it was three ssh round trips, ~0.5 s here: the
     * index, the reader, then the last file again for its end): the index read on the node, its files from
     * {@code fromFile} on (all when the index does not list it), the reader streaming to stdout as
     * {@link #readCommand} does, and, for MariaDB, the last file's end ({@link #endStateCommand}) read in the
     * background meanwhile. On stderr, after the reader's own lines: {@value #FILES_MARK}COUNT FIRST LAST and
     * one {@value #END_MARK}GTID per domain; an index that cannot be read or lists nothing:
     * {@value #INDEX_MARK}WHY, exit 66. File names from the index stay in "$@", after "--".
     */
    static String salvageCommand(Flavor f, String start, String index, String fromFile) {
        return salvageCommand(f, start, index, fromFile, null);
    }

    /**
     * As {@link #salvageCommand(Flavor, String, String, String)}; {@code received}: how far into {@code fromFile}
     * the replica's IO thread read (Read_Master_Log_Pos, stopped), given only when it also applied all it
     * received: when {@code fromFile} is the index's last file and ends there, the replica has every byte of
     * the binary log and nothing is read ({@value #RECEIVED_MARK}FILE SIZE on stderr, exit 0): after a kill -9
     * of a master whose replica kept up, the usual case, no reader runs at all.
     */
    static String salvageCommand(Flavor f, String start, String index, String fromFile, Long received) {
        String from = fromFile == null ? "" : Path.of(fromFile).getFileName().toString();
        List<String> args = readArgs(f, start, List.of());
        StringBuilder sb = new StringBuilder();
        sb.append("I=").append(q(index)).append("; FROM=").append(q(from)).append("; D=$(dirname -- \"$I\");");
        sb.append(" [ -r \"$I\" ] || { echo \"" + INDEX_MARK + "cannot read the binlog index $I\" >&2; exit 66; };");
        sb.append(" set --; found=; while IFS= read -r f || [ -n \"$f\" ]; do [ -n \"$f\" ] || continue;");
        sb.append(" case \"$f\" in /*) ;; *) f=\"$D/${f#./}\";; esac; set -- \"$@\" \"$f\";");
        sb.append(" if [ -n \"$FROM\" ] && [ \"${f##*/}\" = \"$FROM\" ]; then found=1; fi; done < \"$I\";");
        sb.append(" if [ -n \"$found\" ]; then while [ \"${1##*/}\" != \"$FROM\" ]; do shift; done; fi;");
        sb.append(" [ $# -gt 0 ] || { echo \"" + INDEX_MARK + "the binlog index $I lists no file\" >&2; exit 66; };");
        sb.append(" for L; do :; done;");
        if (received != null && !from.isEmpty()) {
            sb.append(" if [ $# -eq 1 ] && [ -n \"$found\" ] && [ \"$(wc -c < \"$L\")\" -eq ").append(received)
              .append(" ]; then echo \"" + RECEIVED_MARK + "${L##*/} ").append(received).append("\" >&2; exit 0; fi;");
        }
        sb.append(' ').append(tool(f));
        if (f == Flavor.MARIADB) {
            sb.append("E=$(mktemp) || exit 90; ( \"$B\" -- \"$L\"").append(END_PIPELINE)
              .append(" >\"$E\" 2>/dev/null ) & ");
        }
        sb.append("\"$B\" ");
        for (String a : args.subList(0, args.size() - 1)) {
            sb.append(q(a)).append(' ');
        }
        sb.append("-- \"$@\"; rc=$?; wait; echo \"" + FILES_MARK + "$# ${1##*/} ${L##*/}\" >&2;");
        if (f == Flavor.MARIADB) {
            sb.append(" sed 's/^/" + END_MARK + "/' \"$E\" >&2; rm -f -- \"$E\";");
        }
        sb.append(" exit $rc");
        return sb.toString();
    }

    /** What {@link #lastFileCommand} prints: the index's last file (its name) and its size in bytes. */
    static final String LAST_MARK = "@@hactl-last ";

    /**
     * The look-up of the salvage's usual case, alone (issue 20: prepared on the old master when a failover starts, so
     * the step costs no ssh channel and no login shell): the last file {@code index} lists and its size, as {@value
     * #LAST_MARK}NAME SIZE; only looks. An index that cannot be read or lists nothing prints nothing of it (the
     * ordinary salvage command then says why).
     */
    static String lastFileCommand(String index) {
        return "I=" + q(index) + "; D=$(dirname -- \"$I\"); [ -r \"$I\" ] || exit 66; L=;"
                + " while IFS= read -r f || [ -n \"$f\" ]; do [ -n \"$f\" ] || continue;"
                + " case \"$f\" in /*) ;; *) f=\"$D/${f#./}\";; esac; L=\"$f\"; done < \"$I\";"
                + " [ -n \"$L\" ] || exit 66; S=$(wc -c < \"$L\") || exit 67; echo \"" + LAST_MARK + "${L##*/} $S\"";
    }

    /**
     * From {@link #lastFileCommand}'s output: "FILE SIZE" when the replica's IO thread stopped at the end of the
     * index's last file ({@code fromFile}, {@code received} bytes into it) — it has every byte of the binary log, as
     * {@link #salvageCommand}'s own check says ({@value #RECEIVED_MARK}); null otherwise (the reader must run).
     */
    static String allReceived(String out, String fromFile, long received) {
        if (out == null || fromFile == null) {
            return null;
        }
        String from = Path.of(fromFile).getFileName().toString();
        for (String line : out.split("\n")) {
            if (line.startsWith(LAST_MARK)) {
                String[] w = line.substring(LAST_MARK.length()).strip().split(" ");
                if (w.length == 2 && w[0].equals(from) && w[1].equals(Long.toString(received))) {
                    return from + " " + received;
                }
            }
        }
        return null;
    }

    /** What the salvage says when {@link #allReceived} found the replica had every byte: nothing read, nothing applied. */
    static Salvaged receivedAll(String fileAndSize) {
        return new Salvaged(new Applied(0, null, "", 0), Said.of(RECEIVED_MARK + fileAndSize));
    }

    /**
     * What {@link #salvageCommand}'s stderr says: the reader's own lines ({@code errors}), the files read, the
     * binlog's end ("0-1-37,3-1-1"; null when not read), why the index could not be used (null when it could),
     * "FILE SIZE" when the replica had received all of it and nothing was read (else null).
     */
    record Said(String errors, int files, String firstFile, String lastFile, String end, String indexProblem,
                String allReceived) {
        static Said of(String stderr) {
            StringBuilder errors = new StringBuilder();
            List<String> end = new ArrayList<>();
            int files = 0;
            String first = null;
            String last = null;
            String index = null;
            String received = null;
            boolean ended = false;
            for (String line : (stderr == null ? "" : stderr).split("\n")) {
                if (line.startsWith(FILES_MARK)) {
                    String[] w = line.substring(FILES_MARK.length()).strip().split(" ");
                    files = w.length > 0 && w[0].matches("\\d{1,6}") ? Integer.parseInt(w[0]) : 0;
                    first = w.length > 1 ? w[1] : null;
                    last = w.length > 2 ? w[2] : null;
                    ended = true;
                } else if (line.startsWith(END_MARK)) {
                    Matcher m = GTID.matcher(line);
                    if (m.find()) {
                        end.add(m.group());
                    }
                } else if (line.startsWith(RECEIVED_MARK)) {
                    received = line.substring(RECEIVED_MARK.length()).strip();
                } else if (line.startsWith(INDEX_MARK)) {
                    index = line.substring(INDEX_MARK.length()).strip();
                } else if (!line.isBlank()) {
                    errors.append(line).append('\n');
                }
            }
            return new Said(errors.toString(), files, first, last,
                    ended ? String.join(",", end.stream().sorted().toList()) : null, index, received);
        }
    }

    /** The lines of {@link #endStateCommand} as one position, "0-1-37,3-1-1". */
    static String endState(String out) {
        List<String> g = new ArrayList<>();
        Matcher m = GTID.matcher(out);
        while (m.find()) {
            g.add(m.group());
        }
        return String.join(",", g.stream().sorted().toList());
    }

    // ------------------------------------------------------------------ run

    /**
     * What {@link #salvage} did: the transactions applied, what the node said of the files and the binlog's
     * end (MariaDB).
     */
    record Salvaged(Applied applied, Said said) {
    }

    /**
     * The whole salvage in one remote command ({@link #salvageCommand}): the files of {@code src}'s index from
     * {@code fromFile} on, what {@code start} lacks streamed into the new master, the binlog's end read
     * meanwhile. An index that cannot be read or lists nothing is said ({@link Said#indexProblem}, nothing
     * read or applied); a reader or client that fails throws StepFailed.
     */
    Salvaged salvage(NodeConfig old, Flavor f, String start, Source src, String fromFile, Long received,
                     DbEndpoint target) {
        String[] stderr = new String[1];
        try {
            Applied a = apply(old, salvageCommand(f, start, src.index(), fromFile, received), target, stderr);
            return new Salvaged(a, Said.of(stderr[0]));
        } catch (StepFailed e) {
            Said said = Said.of(stderr[0]);
            if (said.indexProblem() != null) {
                return new Salvaged(new Applied(0, null, "", 0), said);
            }
            throw e;
        }
    }

    /**
     * Streams {@code command}'s output (the reader's SQL) from the old master into the new master; {@code
     * stderr[0]}: the command's stderr, also when it throws StepFailed.
     */
    private Applied apply(NodeConfig old, String command, DbEndpoint target, String[] stderr) {
        Path client = ClientTools.clientTool();
        try (OptionFile options = OptionFile.forPassword(target.password())) {
            List<String> argv = new ArrayList<>();
            argv.add(client.toString());
            argv.addAll(ClientTools.connection(target.withDatabase(null), options));
            argv.add("--binary-mode");
            argv.add("--batch");
            argv.add("--skip-reconnect");
            argv.add("--connect-timeout=5");
            // started on the reader's first byte: no client at all when nothing is read (issue 20)
            LazyClient c = new LazyClient(argv);
            GtidScanner scanner = new GtidScanner(c);
            int exit;
            String readError;
            long bytes;
            try {
                NodeShell shell = shells.apply(old);
                if (shell instanceof SshShell ssh) {
                    SshShell.StreamResult r = ssh.stream(command, scanner, IDLE, n -> { });
                    exit = r.exit();
                    stderr[0] = r.stderr();
                    readError = r.error() != null ? r.error() : Said.of(r.stderr()).errors();
                    bytes = r.bytes();
                } else {
                    CommandResult r = shell.run(command, Duration.ofMinutes(10));
                    byte[] out = r.out().getBytes(StandardCharsets.UTF_8);
                    scanner.write(out, 0, out.length);
                    exit = r.exit();
                    stderr[0] = r.err();
                    readError = Said.of(r.err()).errors();
                    bytes = out.length;
                }
            } catch (IOException e) {
                if (c.process() == null) {
                    throw new StepFailed("cannot start " + client + ": " + e.getMessage());
                }
                exit = -2;
                readError = "the client on this machine stopped reading (" + e.getMessage() + ")";
                bytes = -1;
            } finally {
                scanner.closeQuietly();
            }
            Process p = c.process();
            if (p == null) {
                return finish(old, command, exit, readError, scanner, 0);
            }
            StderrTail clientErr = c.err();
            int clientExit;
            try {
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new StepFailed("applying " + old.name() + "'s binlog to " + target.server() + ": the client"
                            + " did not end within 5 min");
                }
                clientErr.await();
                clientExit = p.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new StepFailed("interrupted");
            }
            if (clientExit != 0) {
                throw new StepFailed("applying " + old.name() + "'s binlog to " + target.server() + " failed after "
                        + scanner.count + " transaction(s): " + Excerpt.of(clientErr.errorLines()));
            }
            return finish(old, command, exit, readError, scanner, bytes);
        }
    }

    /** The reader's end: what was applied, or StepFailed when the reader failed. */
    private static Applied finish(NodeConfig old, String command, int exit, String readError, GtidScanner scanner,
                                  long bytes) {
        boolean nothingAfter = exit == 1 && scanner.count == 0 && readError != null
                && readError.contains("never reached expected GTID state");
        if (exit != 0 && !nothingAfter) {
            throw new StepFailed("reading " + old.name() + "'s binary log failed (exit " + exit + "): "
                    + Excerpt.of(readError == null ? "" : readError.strip()) + " — the command: " + command);
        }
        return new Applied(scanner.count, scanner.first, String.join(",", scanner.last.values()), bytes);
    }

    /**
     * The SQL client on this machine, started on the first byte written to it (issue 20: after a kill -9 of a
     * master whose replica kept up nothing is read, and a client started for nothing costs a process and a
     * login on the critical path). Its stderr drained from its start.
     */
    static final class LazyClient extends OutputStream {
        private final List<String> argv;
        private Process process;
        private OutputStream in;
        private StderrTail err;

        LazyClient(List<String> argv) {
            this.argv = argv;
        }

        private OutputStream started() throws IOException {
            if (process == null) {
                process = SecretVariables.withheldFrom(new ProcessBuilder(argv))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                err = StderrTail.drain(process.getErrorStream(), "salvage-client-stderr");
                in = process.getOutputStream();
            }
            return in;
        }

        @Override
        public void write(int b) throws IOException {
            started().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                started().write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (in != null) {
                in.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }

        /** The client's process, null when nothing was written. */
        Process process() {
            return process;
        }

        StderrTail err() {
            return err;
        }
    }

    /** Passes the SQL stream through and notes its GTID events (lines "#... GTID d-s-n ..."). */
    static final class GtidScanner extends OutputStream {
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();
        private boolean skipLine;
        int count;
        String first;
        final Map<String, String> last = new LinkedHashMap<>();

        GtidScanner(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            scan((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                scan(b[i]);
            }
        }

        private void scan(byte b) {
            if (b == '\n') {
                if (!skipLine && line.length() > 0 && line.charAt(0) == '#') {
                    Matcher m = EVENT_GTID.matcher(line);
                    if (m.find()) {
                        String g = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
                        count++;
                        if (first == null) {
                            first = g;
                        }
                        last.put(m.group(1), g);
                    }
                }
                line.setLength(0);
                skipLine = false;
            } else if (!skipLine) {
                if (line.length() == 0 && b != '#' || line.length() > 400) {
                    skipLine = true;
                    line.setLength(0);
                } else {
                    line.append((char) (b & 0xff));
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        void closeQuietly() {
            try {
                out.close();
            } catch (IOException e) {
                // the client has ended: its exit code says how
            }
        }
    }

    static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
