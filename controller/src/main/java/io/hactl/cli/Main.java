package io.hactl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The hactl command line. Read-only commands (check, conf, --help) run without a Spring
 * context so they answer quickly.
 */
@Command(name = "hactl", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Controller for an active/passive MySQL/MariaDB + application pair.%n"
                + "Every command has --help.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file for every command (also accepted after the command). Default: "
                    + "$HACTL_CONFIG, else /etc/hactl/hactl.yml, else the lab's config if a lab is up.")
    java.nio.file.Path config;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // subcommands, one line each
        cl.addSubcommand(new CheckCommand());
        cl.addSubcommand(new ConfCommand());
        cl.addSubcommand(new SshCommand());
        cl.addSubcommand(new LabCommand());
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
        cl.addSubcommand(new ControllerCommand());
        cl.addSubcommand(new StatusCommand());
        cl.addSubcommand(new ProposalsCommand());
        cl.addSubcommand(new AckCommand());
        cl.addSubcommand(new RejectCommand());
        cl.addSubcommand(new SwitchoverCommand());
        cl.addSubcommand(new UnblockCommand());
        cl.addSubcommand(new TokenCommand());
        cl.addSubcommand(new NotifyCommand());
        cl.addSubcommand(new LogsCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("hactl: " + ex.getMessage());
            return 3;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hactl " + (v == null ? "dev" : v)};
        }
    }
}
