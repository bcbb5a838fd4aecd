package io.hactl.ops.db;

import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.db.RebuildMethod.Kind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which copy a rebuild makes ({@code --method auto|physical|logical}), and the sentence that
 * says why, printed and logged before the copy. Physical (mariadb-backup: the data files, at
 * the speed of the disk) needs mariadb-backup of the servers' major version on both nodes and a
 * config that says how to stop and start the node's server; logical (mariadb-dump into the
 * client: every row as SQL) works everywhere and copies the application database only. MySQL is
 * always logical: its physical tool, Percona XtraBackup, is not packaged for this Debian.
 */
public final class MethodChoice {

    private static final Pattern MAJOR = Pattern.compile("(?:^|\\s)(\\d+\\.\\d+)\\.\\d+");

    /**
     * What the choice looks at.
     *
     * @param nodeTool   {@code mariadb-backup --version} on the node to rebuild; null when it has none
     * @param masterTool the same on the master
     * @param serverConfigured whether database.server.start and .stop are in the config
     */
    public record Facts(String node, String master, Flavor flavor, String nodeVersion, String masterVersion,
                        String nodeTool, String masterTool, boolean serverConfigured) {
    }

    /** The method, why (one sentence), or the refusal of a --method physical that cannot be. */
    public record Choice(Kind kind, String why, ReplicaRebuild.Refusal refusal) {
    }

    private MethodChoice() {
    }

    public static Choice choose(Kind asked, Facts f) {
        String flag = "--method " + asked.word();
        if (asked == Kind.LOGICAL) {
            return new Choice(Kind.LOGICAL, "logical (" + flag + "): as asked", null);
        }
        String obstacle = obstacle(f);
        if (obstacle == null) {
            return new Choice(Kind.PHYSICAL, "physical (" + flag + "): " + f.node() + " and " + f.master() + " both have"
                    + " mariadb-backup " + major(f.nodeTool()) + ", the servers' major version", null);
        }
        if (asked == Kind.PHYSICAL) {
            return new Choice(null, null, new ReplicaRebuild.Refusal(flag + ": " + obstacle, fix(f)));
        }
        return new Choice(Kind.LOGICAL, "logical (" + flag + "): " + obstacle, null);
    }

    /** What stands in the way of a physical copy; null when nothing does. */
    private static String obstacle(Facts f) {
        if (f.flavor() == Flavor.MYSQL) {
            return "MySQL's physical copy is Percona XtraBackup, which is not packaged for this Debian: MySQL is"
                    + " copied with mariadb-dump's logical method";
        }
        for (String[] side : new String[][] {{f.node(), f.nodeTool()}, {f.master(), f.masterTool()}}) {
            if (side[1] == null || major(side[1]) == null) {
                return side[0] + " has no mariadb-backup (Debian package mariadb-backup; install it on both nodes for"
                        + " the physical copy)";
            }
        }
        String n = major(f.nodeTool());
        String m = major(f.masterTool());
        if (!n.equals(m)) {
            return f.node() + " has mariadb-backup " + n + ", " + f.master() + " " + m + ": a copy is prepared by the"
                    + " version that made it";
        }
        String server = major(f.masterVersion());
        if (!n.equals(server) || !n.equals(major(f.nodeVersion()))) {
            return "mariadb-backup " + n + " does not match the servers (" + f.node() + " " + f.nodeVersion() + ", "
                    + f.master() + " " + f.masterVersion() + "): it copies only its own major version";
        }
        if (!f.serverConfigured()) {
            return "the config does not say how to stop and start the server (database.server.start and"
                    + " database.server.stop): the copy replaces the data directory of a stopped server";
        }
        return null;
    }

    private static String fix(Facts f) {
        if (f.flavor() == Flavor.MYSQL) {
            return "rebuild with --method logical (or --method auto)";
        }
        return "apt-get install mariadb-backup on both nodes (the version of their MariaDB) and set"
                + " database.server.start/.stop in the config, or rebuild with --method logical";
    }

    /** "10.11" of "10.11.19-MariaDB..." or of mariadb-backup's --version line; null when there is none. */
    public static String major(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = MAJOR.matcher(version);
        return m.find() ? m.group(1) : null;
    }
}
