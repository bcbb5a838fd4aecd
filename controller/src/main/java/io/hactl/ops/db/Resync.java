package io.hactl.ops.db;

import io.hactl.cli.Main;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.Secret;
import io.hactl.db.DbAdmin;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Refused;
import io.hactl.ops.StepFailed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Rebuilds an out-of-date node from the master (Master failure II, what the seed's runbook
 * did by hand): the application database is copied from the master into it (db-copy, binary
 * log off on the destination, so no errant GTIDs), then it replicates from the master's
 * current position ({@code db-master-set --node MASTER --force-sync}). Both steps are the
 * CLI's own commands, run in this process under this operation's pair lock.
 */
public final class Resync {

    public static final String NAME = "resync";

    private final HactlConfig cfg;

    public Resync(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
    }

    /** Rebuilds {@code node} from {@code master}; 0 done, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, NodeConfig master) {
        try (Operation op = runner.begin(NAME, "rebuild " + node.name() + " from master " + master.name())) {
            List<String> pw = passwordArgs(op, cfg.database().password());
            String db = cfg.database().name();
            List<String> copy = new ArrayList<>(List.of("db-copy", "--config", cfg.source().toString(),
                    "--origin-user", cfg.database().user(), "--origin-host", master.address(),
                    "--origin-port", String.valueOf(cfg.database().port()), "--origin-database", db,
                    "--destination-user", cfg.database().user(), "--destination-host", node.address(),
                    "--destination-port", String.valueOf(cfg.database().port()), "--destination-database", db));
            copy.addAll(pw.stream().map(a -> a.replace("@", "--origin-")).toList());
            copy.addAll(pw.stream().map(a -> a.replace("@", "--destination-")).toList());
            op.step(node.name(), "copy database " + db + " from " + master.name(), () -> cli(copy));
            op.step(node.name(), "replicate from " + master.name() + " at its current position (force-sync)",
                    () -> cli(List.of("db-master-set", "--config", cfg.source().toString(), "--node", master.name(),
                            "--force-sync", "--reason", "resync of " + node.name())));
            op.succeed(node.name() + " rebuilt from " + master.name() + " and replicating");
            return 0;
        } catch (Refused r) {
            return 2;
        } catch (StepFailed f) {
            return 1;
        }
    }

    /** "@password-file FILE" or "@password-env VAR" (the "@" becomes --origin- / --destination-). */
    private static List<String> passwordArgs(Operation op, Secret s) {
        return switch (s.kind()) {
            case FILE -> List.of("@password-file", s.reference());
            case ENV -> List.of("@password-env", s.reference());
            case NONE -> List.of();
            case INLINE -> throw op.refuse("database.password is inline in the config: it cannot be handed to db-copy"
                    + " without a command line", "use database.password_file (mode 0600) in the config");
        };
    }

    private static String cli(List<String> args) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        CommandLine cl = Main.commandLine();
        cl.setOut(pw);
        cl.setErr(pw);
        int exit = cl.execute(args.toArray(String[]::new));
        pw.flush();
        String text = sw.toString().strip();
        if (exit != 0) {
            throw new StepFailed("hactl " + args.get(0) + " exited " + exit + ": " + last(text, 6));
        }
        return last(text, 1);
    }

    private static String last(String text, int lines) {
        String[] l = text.split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - lines), l.length));
    }
}
