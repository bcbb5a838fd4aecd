package io.hactl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The hactl command line. Read-only commands (check, conf, --help) run without a Spring
 * context so they answer quickly. Bad usage (an unknown option, a missing or malformed value)
 * exits {@link #USAGE} from every command: picocli's parse errors and {@link BadUsage} thrown
 * by a command go to one handler here, and every command's help lists the code.
 */
@Command(name = "hactl", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Controller for an active/passive MySQL/MariaDB + application pair.%n"
                + "Every command has --help.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a step failed", "2:refused (nothing changed)", "3:bad config"},
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /**
     * The exit code of bad usage, for every command: 64, EX_USAGE of sysexits.h. Not 2 (refused;
     * critical for check/status) nor 3 (bad config): docs/decisions.md.
     */
    public static final int USAGE = 64;

    static final String USAGE_LINE = "bad usage (unknown option, missing or malformed value): nothing was done;"
            + " the message names the flag";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file for every command (also accepted after the command). Default: "
                    + "$HACTL_CONFIG, else /etc/hactl/hactl.yml; none: the command refuses (exit 3). The lab's"
                    + " config is read only when named. Every command says which config it read.")
    java.nio.file.Path config;

    public static void main(String[] args) {
        // a plain status answered by a running controller, before picocli and Jackson start (QuickStatus)
        java.util.OptionalInt quick = QuickStatus.system().answer(args, new java.io.PrintWriter(System.out),
                new java.io.PrintWriter(System.err));
        System.exit(quick.isPresent() ? quick.getAsInt() : run(args));
    }

    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** hactl's command tree, with the {@link ExtraCommand}s on the classpath (the lab's, in a checkout). */
    public static CommandLine commandLine() {
        return commandLine(java.util.ServiceLoader.load(ExtraCommand.class));
    }

    /**
     * The built-in top-level commands in --help's order, by the name each declares (CommandTreeTest keeps the
     * two equal), each made only when wanted. The lab's {@code lab} (an {@link ExtraCommand}, else
     * {@link LabAbsentCommand}) is not among them: it follows {@code ssh} in the whole tree.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> BUILT_IN = builtIn();

    private static java.util.Map<String, java.util.function.Supplier<Object>> builtIn() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        // subcommands, one line each; a lambda, not a constructor reference: linking Foo::new loads Foo's class, and
        // a run of one command would load every command's class (~30 of them) for nothing
        m.put("check", () -> new CheckCommand());
        m.put("conf", () -> new ConfCommand());
        m.put("ssh", () -> new SshCommand());
        m.put("start", () -> new StartCommand());
        m.put("stop", () -> new StopCommand());
        m.put("master-set", () -> new MasterSetCommand());
        m.put("master-unset", () -> new MasterUnsetCommand());
        m.put("history", () -> new HistoryCommand());
        m.put("report", () -> new ReportCommand());
        m.put("warmup", () -> new WarmupCommand());
        m.put("db-master-set", () -> new DbMasterSetCommand());
        m.put("db-master-unset", () -> new DbMasterUnsetCommand());
        m.put("db-sync-check", () -> new DbSyncCheckCommand());
        m.put("db-replica-init", () -> new DbReplicaInitCommand());
        m.put("db-backup", () -> new DbBackupCommand());
        m.put("db-restore", () -> new DbRestoreCommand());
        m.put("db-copy", () -> new DbCopyCommand());
        m.put("backup", () -> new BackupCommand());
        m.put("restore-node", () -> new RestoreNodeCommand());
        m.put("controller", () -> new ControllerCommand());
        m.put("status", () -> new StatusCommand());
        m.put("proposals", () -> new ProposalsCommand());
        m.put("ack", () -> new AckCommand());
        m.put("reject", () -> new RejectCommand());
        m.put("switchover", () -> new SwitchoverCommand());
        m.put("unblock", () -> new UnblockCommand());
        m.put("token", () -> new TokenCommand());
        m.put("user", () -> new UserCommand());
        m.put("notify", () -> new NotifyCommand());
        m.put("logs", () -> new LogsCommand());
        m.put(CompleteCommand.NAME, () -> new CompleteCommand());
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The tree for one run of these arguments: when they name a built-in command, hactl with that command alone
     * (picocli reads each command's annotations as it is added: the whole tree was ~0.3 s of every command's
     * start on 2 shared cores, issue 20); else the whole tree, which --help, {@code help}, an unknown word's
     * "did you mean", the lab's command and {@code __complete} (the bash completion) need.
     */
    static CommandLine commandLine(String[] args) {
        String word = commandWord(args);
        java.util.function.Supplier<Object> only = word == null || word.equals(CompleteCommand.NAME) ? null
                : BUILT_IN.get(word);
        if (only == null) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(only.get());
        return finish(cl);
    }

    /** The first word after hactl's own --config (-c) option, or null when another option or {@code --} comes first. */
    static String commandWord(String[] args) {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("-c") || a.equals("--config")) {
                i += 2;
            } else if (a.startsWith("--config=") || (a.startsWith("-c") && !a.startsWith("--"))) {
                i++;
            } else {
                return a.startsWith("-") ? null : a;
            }
        }
        return null;
    }

    static CommandLine commandLine(Iterable<ExtraCommand> extras) {
        CommandLine cl = new CommandLine(new Main());
        BUILT_IN.forEach((name, make) -> {
            cl.addSubcommand(make.get());
            if (name.equals("ssh")) {
                extras.forEach(e -> cl.addSubcommand(e.command()));   // here, where --help listed lab before
                if (!cl.getSubcommands().containsKey(LabAbsentCommand.NAME)) {
                    cl.addSubcommand(new LabAbsentCommand());
                }
            }
        });
        return finish(cl);
    }

    /** What every tree gets: the exception handlers and "64 bad usage" in every command's help. */
    private static CommandLine finish(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(ex instanceof BadConfig ? ex.getMessage() : "hactl: " + ex.getMessage());
            cmd.getErr().flush();
            return 3;
        });
        cl.setParameterExceptionHandler(Main::badUsage);
        listUsageCode(cl);
        return cl;
    }

    /** Bad usage, from picocli's parsing or a command's own {@link BadUsage}: what is wrong, where help is; {@link #USAGE}. */
    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(ex instanceof BadUsage ? ex.getMessage() : name + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("  the options and what they take: " + name + " --help");
        err.flush();
        return USAGE;
    }

    /** Adds "64 bad usage" to the exit codes in the help of every command of the tree. */
    private static void listUsageCode(CommandLine cl) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>(usage.exitCodeList());
        codes.put(String.valueOf(USAGE), USAGE_LINE);
        usage.exitCodeList(codes);
        if (usage.exitCodeListHeading() == null || usage.exitCodeListHeading().isEmpty()) {
            usage.exitCodeListHeading("%nExit codes:%n");
        }
        cl.getSubcommands().values().forEach(Main::listUsageCode);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code --version} (every command's, an {@link ExtraCommand}'s too): the version, the git commit, the build
     * time and the Java that runs it, from the jar's build facts ({@link io.hactl.build.BuildInfo}).
     */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return io.hactl.build.BuildInfo.current().lines().toArray(String[]::new);
        }
    }
}
