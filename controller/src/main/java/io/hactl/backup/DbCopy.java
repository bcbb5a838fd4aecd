package io.hactl.backup;

import io.hactl.config.HactlConfig;
import io.hactl.model.DurationText;
import io.hactl.pair.Refused;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * db-copy (db_copy.sh): one database copied into another, streamed (mariadb-dump piped into
 * the mariadb client; no temporary file). Refused when origin and destination are the same
 * database on one server, or when the write policy forbids the destination; in several
 * streams (one snapshot each) only when the origin's binary log shows whether it took a
 * write meanwhile, which fails the copy. {@code hactl db-copy} parses its options and prints;
 * the copy is this class's.
 */
public final class DbCopy {

    private final HactlConfig cfg;
    private final WritePolicy.Binlog mode;
    private final int requestedStreams;
    private final Duration stall;

    /**
     * @param cfg              the pair's config (where the destination sits), null when none was given
     * @param mode             --binlog
     * @param requestedStreams --parallel, already a number (auto: one per CPU, at most 4)
     * @param stall            --stall-timeout
     */
    public DbCopy(HactlConfig cfg, WritePolicy.Binlog mode, int requestedStreams, Duration stall) {
        this.cfg = cfg;
        this.mode = mode;
        this.requestedStreams = requestedStreams;
        this.stall = stall;
    }

    /**
     * Copies {@code origin} into {@code destination}, telling {@code journal} each step; the
     * journal has begun. Returns 0 copied, 1 failed (the journal says what is left); throws
     * {@link Refused} before anything changed.
     */
    public int copy(Journal journal, DbEndpoint origin, DbEndpoint destination, Progress progress) {
        SqlClient sql = new SqlClient(Duration.ofSeconds(30));
        ServerFacts from;
        ServerFacts to;
        ServerFacts.Size size;
        boolean destinationExists;
        List<String> extra = new ArrayList<>();
        try {
            from = ServerFacts.read(sql, origin);
            to = ServerFacts.read(sql, destination);
            if (from.sameServerAs(to) && origin.database().equals(destination.database())) {
                throw new Refused("origin and destination are the same database: " + origin.database() + " on one"
                        + " server (" + to.hostname() + ":" + to.port() + ", server_id " + to.serverId() + ")",
                        "name another destination database or server");
            }
            if (!ServerFacts.databaseExists(sql, origin, origin.database())) {
                throw new Refused("database " + origin.database() + " does not exist on " + origin.server(),
                        "check --origin-database and --origin-host");
            }
            size = ServerFacts.size(sql, origin, origin.database());
            destinationExists = ServerFacts.databaseExists(sql, destination, destination.database());
            if (destinationExists) {
                for (String t : ServerFacts.size(sql, destination, destination.database()).names()) {
                    if (!size.names().contains(t)) {
                        extra.add(t);
                    }
                }
            }
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was changed");
            return 1;
        }
        WritePolicy.Decision decision = WritePolicy.forCopy(mode, to, PairLocator.place(cfg, destination.host()),
                destination.server());
        if (decision.refuse()) {
            throw new Refused(decision.refused(), decision.fix());
        }
        journal.print("origin: " + from.version() + ", " + from.role() + "; " + size.tables() + " tables, ~"
                + Progress.bytes(size.bytes()) + " of data; GTID " + display(from.gtidPosition()));
        journal.note(null, decision.why());
        int streams = streams(requestedStreams, size.tables());
        List<String> views = List.of();
        if (streams > 1 && !from.binlogOn()) {
            journal.print("one stream: the origin's binary log is off, so writes during a parallel copy could not be"
                    + " detected");
            streams = 1;
        }
        List<List<String>> groups = streams > 1 ? DbCopier.groups(size.names(), size.sizes(), streams) : List.of();
        if (groups.size() > 1) {
            try {
                views = ServerFacts.views(sql, origin, origin.database());
            } catch (DbToolException e) {
                journal.fail(e.getMessage() + "; nothing was changed");
                return 1;
            }
            // before anything is created: a refusal changes nothing
            DbCopier.UnsafeName unsafe = DbCopier.unsafeName(origin.database(), groups, views);
            if (unsafe != null) {
                throw new Refused(unsafe.reason(), unsafe.fix());
            }
            journal.print(groups.size() + " streams at once (tables by size: " + String.join(" | ",
                    groups.stream().map(g -> String.join(", ", g)).toList()) + "), then routines, events and views;"
                    + " the origin must take no write meanwhile (checked; --parallel 1 copies one snapshot)");
        }
        try {
            if (!destinationExists) {
                sql.execute(destination.withDatabase(null), (decision.binlogOff() ? "SET SESSION sql_log_bin=0; " : "")
                        + "CREATE DATABASE " + DbNames.quoted(destination.database()));
                journal.note(null, "created database " + destination.database() + " on " + destination.server());
            } else if (decision.binlogOff()) {
                sql.execute(destination.withDatabase(null), "SET SESSION sql_log_bin=0");  // privilege check first
            }
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was copied");
            return 1;
        }
        if (!extra.isEmpty()) {
            journal.note(null, "warning: the destination has tables the origin has not, kept as they are: "
                    + String.join(", ", extra));
        }
        progress.start("copy " + origin.database(), size.bytes(), 0);
        long t0 = System.nanoTime();
        long bytes;
        try {
            bytes = groups.size() > 1
                    ? new DbCopier().copyParallel(origin, destination, decision.binlogOff(), groups, views, progress, stall)
                    : new DbCopier().copy(origin, from, destination, decision.binlogOff(), progress, stall);
        } catch (DbToolException e) {
            journal.fail(e.getMessage());
            return 1;
        }
        long nanos = System.nanoTime() - t0;
        String after;
        try {
            after = ServerFacts.read(sql, origin).gtidPosition();
        } catch (DbToolException e) {
            after = null;
        }
        // counted from /proc/PID/io while the dumps ran: the last moments before they exit are not seen
        journal.step(null, "copy " + origin.database(), true, (bytes >= 1 << 20 ? "about "
                + Progress.summary(bytes, nanos) + " of SQL" : DurationText.seconds(Duration.ofNanos(nanos))), nanos);
        if (groups.size() > 1 && (after == null || !after.equals(from.gtidPosition()))) {
            journal.fail("the origin took writes during the copy (GTID " + display(from.gtidPosition()) + " → "
                    + (after == null ? "unknown" : display(after)) + "): its " + groups.size() + " streams may have seen"
                    + " different moments, so " + destination.describe() + " may be inconsistent. Stop the writes (the"
                    + " application) and copy again, or copy one snapshot with --parallel 1");
            return 1;
        }
        String position = after == null ? "" : after.equals(from.gtidPosition())
                ? "; the origin stayed at GTID " + display(after) + " during the copy"
                : "; the origin took writes during the copy (GTID " + display(from.gtidPosition()) + " → "
                + display(after) + "): the copy is its consistent snapshot at the start";
        journal.done(origin.describe() + " copied into " + destination.describe() + position);
        return 0;
    }

    /** The streams a copy runs in: as many as asked, never more than the tables, never fewer than one. */
    static int streams(int requested, int tables) {
        return Math.max(1, Math.min(requested, tables));
    }

    private static String display(String gtid) {
        return gtid == null || gtid.isEmpty() ? "(empty)" : gtid;
    }
}
