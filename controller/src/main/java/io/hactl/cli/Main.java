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
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** hactl's command tree, with the {@link ExtraCommand}s on the classpath (the lab's, in a checkout). */
    public static CommandLine commandLine() {
        return commandLine(java.util.ServiceLoader.load(ExtraCommand.class));
    }

    static CommandLine commandLine(Iterable<ExtraCommand> extras) {
        CommandLine cl = new CommandLine(new Main());
        // subcommands, one line each
        cl.addSubcommand(new CheckCommand());
        cl.addSubcommand(new ConfCommand());
        cl.addSubcommand(new SshCommand());
        extras.forEach(e -> cl.addSubcommand(e.command()));   // here, where --help listed lab before
        if (!cl.getSubcommands().containsKey(LabAbsentCommand.NAME)) {
            cl.addSubcommand(new LabAbsentCommand());
        }
        cl.addSubcommand(new StartCommand());
        cl.addSubcommand(new StopCommand());
        cl.addSubcommand(new MasterSetCommand());
        cl.addSubcommand(new MasterUnsetCommand());
        cl.addSubcommand(new HistoryCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new WarmupCommand());
        cl.addSubcommand(new DbMasterSetCommand());
        cl.addSubcommand(new DbMasterUnsetCommand());
        cl.addSubcommand(new DbSyncCheckCommand());
        cl.addSubcommand(new DbReplicaInitCommand());
        cl.addSubcommand(new DbBackupCommand());
        cl.addSubcommand(new DbRestoreCommand());
        cl.addSubcommand(new DbCopyCommand());
        cl.addSubcommand(new BackupCommand());
        cl.addSubcommand(new RestoreNodeCommand());
        cl.addSubcommand(new ControllerCommand());
        cl.addSubcommand(new StatusCommand());
        cl.addSubcommand(new ProposalsCommand());
        cl.addSubcommand(new AckCommand());
        cl.addSubcommand(new RejectCommand());
        cl.addSubcommand(new SwitchoverCommand());
        cl.addSubcommand(new UnblockCommand());
        cl.addSubcommand(new TokenCommand());
        cl.addSubcommand(new UserCommand());
        cl.addSubcommand(new NotifyCommand());
        cl.addSubcommand(new LogsCommand());
        cl.addSubcommand(new CompleteCommand());
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
