package io.hactl.cli;

import io.hactl.backup.Journal;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.SecretVariables;
import io.hactl.log.TransitionLog;
import io.hactl.log.Who;
import io.hactl.pair.Refused;
import io.hactl.text.ControlChars;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What db-backup, db-restore and db-copy share: passwords, the optional config, the journal. */
final class DbCli {

    /** The value picocli gives a password option written without a value: ask for it. */
    static final String PROMPT = "\u0000prompt";

    private DbCli() {
    }

    /**
     * The password from, in this order: the option without a value (asked on the terminal, or
     * read as one line from standard input when there is none), {@code file}, the environment
     * variable {@code env}; null for none. A value given on the command line is refused: every
     * user can read it (ps, /proc/PID/cmdline, shell history).
     */
    static String password(String option, String given, String fileOption, Path file, String envOption, String env,
                           String whose) {
        if (given != null && !given.equals(PROMPT)) {
            throw new Refused(option + " was given a value on the command line, where every user of this machine"
                    + " can read it (ps, /proc/PID/cmdline) and the shell history keeps it",
                    "give " + option + " without a value (hactl asks for it), " + fileOption + " FILE (the password"
                    + " alone on the first line, mode 0600) or " + envOption + " VARIABLE");
        }
        int sources = (given != null ? 1 : 0) + (file != null ? 1 : 0) + (env != null ? 1 : 0);
        if (sources > 1) {
            throw new Refused("more than one of " + option + ", " + fileOption + " and " + envOption + " was given",
                    "give one of them");
        }
        if (given != null) {
            return ask(whose);
        }
        if (file != null) {
            return fromFile(fileOption, file);
        }
        if (env != null) {
            SecretVariables.add(env);       // no child process gets it (the tools get the password in a file)
            String v = System.getenv(env);
            if (v == null) {
                throw new Refused("environment variable " + env + " (" + envOption + ") is not set",
                        "export " + env + " first, or use " + fileOption + " FILE");
            }
            return v;
        }
        return null;
    }

    private static String ask(String whose) {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword("Password for %s: ", whose);
            if (pw == null) {
                throw new Refused("no password was typed", "type it, or use a password file");
            }
            return new String(pw);
        }
        try {
            String line = stdinLine();
            if (line == null) {
                throw new Refused("asked for " + whose + "'s password but standard input is empty and there is no"
                        + " terminal", "pipe it in (one line), or use a password file");
            }
            return line;
        } catch (IOException e) {
            throw new Refused("cannot read the password from standard input: " + e.getMessage(), null);
        }
    }

    private static java.io.InputStream stdinSource;
    private static BufferedReader stdinReader;

    /** One line of standard input; one reader per System.in, so two passwords can come as two lines. */
    private static synchronized String stdinLine() throws IOException {
        if (stdinReader == null || stdinSource != System.in) {
            stdinSource = System.in;
            stdinReader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdinReader.readLine();
    }

    private static String fromFile(String option, Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)
                    || mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new Refused(option + " " + file + " can be read or written by other users",
                        "chmod 600 " + file);
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int nl = content.indexOf('\n');
            return (nl >= 0 ? content.substring(0, nl) : content).stripTrailing();
        } catch (IOException e) {
            throw new Refused("cannot read " + option + " " + file + ": " + e.getMessage(),
                    "check the path and its permissions");
        }
    }

    /** --binlog auto|on|off; {@link BadUsage} otherwise. */
    static io.hactl.backup.WritePolicy.Binlog binlogMode(CommandSpec spec, String text) {
        try {
            return io.hactl.backup.WritePolicy.Binlog.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, spec.name() + ": --binlog " + ControlChars.escape(text)
                    + ": not auto, on or off; write --binlog auto, on or off");
        }
    }

    /** A duration option ("5m", "30s"); {@link BadUsage} when it is not one. */
    static java.time.Duration duration(CommandSpec spec, String option, String text) {
        try {
            java.time.Duration d = io.hactl.config.Durations.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be longer than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, spec.name() + ": " + option + " " + ControlChars.escape(text) + ": "
                    + e.getMessage() + "; write a number and a unit, e.g. 5m or 30s");
        }
    }

    /**
     * The config when one is found and valid; null otherwise (these commands work without it,
     * as the seed's scripts did; with it they log to the transition log and know the pair).
     * Says which on {@code out} first ({@code config: PATH (how)}, or {@code config: none (...)});
     * a config named (--config, $HACTL_CONFIG) that does not exist is {@link BadConfig}.
     */
    static HactlConfig optionalConfig(ConfigOption option, PrintWriter out, PrintWriter err) {
        java.util.Optional<io.hactl.config.ConfigLocator.Location> where = option.locate();
        if (where.isEmpty()) {
            out.println("config: none (" + option.nowhere() + "): no transition log, the pair's roles unknown");
            out.flush();
            return null;
        }
        Path path = where.get().path();
        if (!Files.exists(path)) {
            throw new BadConfig(option.mixee.name() + ": config " + where.get().describe() + ": " + path
                    + ": no such file; nothing was done. Name an existing file, or leave --config and $HACTL_CONFIG"
                    + " out to run without a config");
        }
        out.println("config: " + where.get().describe());
        out.flush();
        try {
            return ConfigLoader.load(path);
        } catch (ConfigException e) {
            err.println("warning: " + path + " has problems (" + e.problems().size() + "; hactl conf check --config "
                    + path + "): going on without it (no transition log, the pair's roles unknown)");
            err.flush();
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Journal journal(PrintWriter out, HactlConfig cfg, String operation, String reason, String commandLine) {
        TransitionLog log = cfg == null ? null : new TransitionLog(cfg.stateDirectory());
        return new Journal(out, log, cfg == null ? null : cfg.clusterName(), operation, Who.current(),
                reason != null ? reason : "operator ran: hactl " + commandLine);
    }

    /** The command line for the log, a password given as a value (refused) replaced by ***. */
    static String commandLine(CommandSpec spec) {
        return String.join(" ", scrub(spec, spec.commandLine().getParseResult().originalArgs()));
    }

    /** The password options of every command, also when a command's spec is not at hand. */
    static final Set<String> PASSWORD_OPTIONS = Set.of("-p", "--password", "--origin-password", "--destination-password");

    /**
     * {@code args} with every password given as a value replaced by {@code ***}: {@code -pX},
     * {@code --password=X}, and the argument after a password option whatever it starts with
     * (picocli takes {@code -p -x} as the value "-x"), unless picocli read that argument as
     * one of the command's options. The secret options are {@link #PASSWORD_OPTIONS} and any
     * option of {@code spec} that asks when given no value; a value picocli did bind to one of
     * them is masked wherever it appears.
     */
    static List<String> scrub(CommandSpec spec, List<String> args) {
        Set<String> secretOptions = new HashSet<>(PASSWORD_OPTIONS);
        Set<String> givenSecrets = new HashSet<>();
        for (OptionSpec o : spec.options()) {
            if (PROMPT.equals(o.fallbackValue()) || Arrays.stream(o.names()).anyMatch(PASSWORD_OPTIONS::contains)) {
                secretOptions.addAll(Arrays.asList(o.names()));
                Object v = o.getValue();
                if (v instanceof String s && !s.equals(PROMPT) && !s.isEmpty()) {
                    givenSecrets.add(s);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : null;
            if (givenSecrets.contains(a)) {
                out.add("***");
            } else if (name != null && secretOptions.contains(name)) {
                out.add(name + "=***");
            } else if (a.startsWith("-p") && a.length() > 2 && !a.startsWith("--")) {
                out.add("-p***");
            } else if (secretOptions.contains(a) && i + 1 < args.size() && !isOption(spec, args.get(i + 1))) {
                out.add(a);
                out.add("***");
                i++;
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** Whether picocli reads {@code arg} as an option of {@code spec} (then it is no option's value): its rule. */
    private static boolean isOption(CommandSpec spec, String arg) {
        if (arg.equals("--") || spec.optionsMap().containsKey(arg)) {
            return true;
        }
        int eq = arg.indexOf('=');
        if (eq > 0 && spec.optionsMap().containsKey(arg.substring(0, eq))) {
            return true;
        }
        return arg.length() > 2 && arg.charAt(0) == '-' && spec.posixOptionsMap().containsKey(arg.charAt(1));
    }
}
