package io.hactl.backup;

import io.hactl.config.SecretVariables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Short queries through the {@code mariadb} client (not JDBC): it connects the way the seed's
 * scripts did, socket authentication as the OS user included. The SQL goes on stdin, the
 * password in an option file; every call has a connect timeout and an overall timeout.
 */
public final class SqlClient {

    private final Path tool;
    private final Duration timeout;

    public SqlClient(Duration timeout) {
        this(ClientTools.clientTool(), timeout);
    }

    SqlClient(Path tool, Duration timeout) {
        this.tool = tool;
        this.timeout = timeout;
    }

    /** The rows of one statement (column label → value; NULL as null), in batch mode. */
    public List<Map<String, String>> query(DbEndpoint e, String sql) {
        String out = run(e, sql, true);
        return parseBatch(out);
    }

    /** Runs statements whose output does not matter (SET, CREATE DATABASE...). */
    public void execute(DbEndpoint e, String sql) {
        run(e, sql, false);
    }

    /**
     * What a script of statements printed (batch mode: each result with its header; an empty result prints
     * nothing) and, when the client stopped at a failed statement, its error (else null): what ran before it
     * is in {@code out}. One client process for many questions.
     */
    public record Answer(String out, String error) {
    }

    /** Runs a script of statements in one client call; a client that cannot start or answer in time throws. */
    public Answer script(DbEndpoint e, String sql) {
        Ran r = call(e, sql);
        return new Answer(r.out(), r.exit() == 0 ? null : e.server() + ": " + cleanError(r.errorLines(), r.exit()));
    }

    private String run(DbEndpoint e, String sql, boolean withOutput) {
        Ran r = call(e, sql);
        if (r.exit() != 0) {
            throw new DbToolException(e.server() + ": " + cleanError(r.errorLines(), r.exit()));
        }
        return withOutput ? r.out() : "";
    }

    private record Ran(String out, int exit, String errorLines) {
    }

    private Ran call(DbEndpoint e, String sql) {
        try (OptionFile options = OptionFile.forPassword(e.password())) {
            List<String> argv = new ArrayList<>();
            argv.add(tool.toString());
            argv.addAll(ClientTools.connection(e, options));
            argv.add("--batch");
            argv.add("--connect-timeout=" + Math.max(1, Math.min(timeout.toSeconds(), 30)));
            argv.add("--skip-reconnect");
            argv.add("--no-auto-rehash");
            if (e.database() != null) {
                argv.add("--database=" + e.database());
            }
            ProcessBuilder pb = SecretVariables.withheldFrom(new ProcessBuilder(argv));
            Process p;
            try {
                p = pb.start();
            } catch (IOException ex) {
                throw new DbToolException("cannot start " + tool + ": " + ex.getMessage(), ex);
            }
            StderrTail err = StderrTail.drain(p.getErrorStream(), "mariadb-stderr");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try (var in = p.getInputStream()) {
                    in.transferTo(new Bounded(out, 4 * 1024 * 1024));
                } catch (IOException ignored) {
                    // process ended
                }
            }, "mariadb-stdout");
            reader.setDaemon(true);
            reader.start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write((sql.endsWith(";") ? sql : sql + ";").getBytes(StandardCharsets.UTF_8));
                stdin.write('\n');
            } catch (IOException ignored) {
                // the client exited early (cannot connect): its exit code and stderr say why
            }
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new DbToolException(e.server() + ": no answer within " + timeout.toSeconds() + " s");
                }
                reader.join(5000);
                err.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new DbToolException("interrupted");
            }
            return new Ran(out.toString(StandardCharsets.UTF_8), p.exitValue(), err.errorLines());
        }
    }

    /**
     * "ERROR 1045 (28000): Access denied ..." without the program name prefix (of each line, or of
     * each part of {@link StderrTail#errorLines}); the exit code when silent.
     */
    static String cleanError(String stderr, int exit) {
        String s = stderr.replaceAll("(?m)(^|; )(mariadb|mysql|mariadb-dump|mysqldump): (\\[ERROR\\] )?", "$1").strip();
        return s.isEmpty() ? "the client exited " + exit + " without a message" : s;
    }

    /** Batch output: a header line, then one line per row, tab-separated; \t \n \\ \0 escaped; NULL for null. */
    static List<Map<String, String>> parseBatch(String out) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = out.split("\n", -1);
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String[] cells = lines[i].split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                String v = c < cells.length ? cells[c] : null;
                row.put(header[c], v == null || v.equals("NULL") ? null : unescape(v));
            }
            rows.add(row);
        }
        return rows;
    }

    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Keeps at most {@code limit} bytes (a query's answer is small; a runaway one is cut). */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream out;
        private final int limit;

        Bounded(ByteArrayOutputStream out, int limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (out.size() < limit) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, limit - out.size());
            if (n > 0) {
                out.write(b, off, n);
            }
        }
    }
}
