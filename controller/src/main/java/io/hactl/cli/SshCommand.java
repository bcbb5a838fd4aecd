package io.hactl.cli;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.HostKeyTrust;
import io.hactl.node.SshShell;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** SSH access to the nodes: trust a host key, test a login. */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = "SSH access to the nodes (host keys are always checked).",
        subcommands = {SshCommand.Trust.class, SshCommand.Test.class})
public final class SshCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static NodeConfig node(HactlConfig cfg, String name, PrintWriter err) {
        NodeConfig n = cfg.node(name).orElse(null);
        if (n == null) {
            err.println("ssh: no node named '" + name + "' in " + cfg.source() + "; nodes are: "
                    + String.join(", ", cfg.nodes().stream().map(NodeConfig::name).toList()));
        }
        return n;
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = {"Fetch NODE's SSH host key, show its fingerprint and add it to the configured known_hosts.",
                    "Compare the fingerprint with the one on the node's console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:trusted (or already trusted)", "1:not added (you did not answer y)",
                    "2:refused: no such node, its key cannot be fetched, or known_hosts has a different key for it",
                    "3:bad config"})
    static final class Trust implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;
        @Parameters(paramLabel = "NODE", description = "Node name, as in the config.")
        String nodeName;
        @Option(names = {"-y", "--yes"}, description = "Add the key without asking.")
        boolean yes;
        @Spec
        CommandSpec spec;

        /** How the node's key is fetched; tests present a key of their own. */
        HostKeyTrust.Fetcher fetch = HostKeyTrust::fetch;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path config = configOption.resolve();
            if (config == null) {
                configOption.load("ssh trust", err);   // says there is none, and how to give one
                return 3;
            }
            out.println(configOption.line());
            if (!createMissingKnownHosts(config, out, err)) {
                return 3;
            }
            HactlConfig cfg = configOption.load("ssh trust", err, null);
            if (cfg == null) {
                return 3;
            }
            NodeConfig n = node(cfg, nodeName, err);
            if (n == null) {
                return 2;
            }
            HostKeyTrust.Presented key;
            try {
                key = fetch.fetch(n);
            } catch (SshShell.SshException e) {
                err.println("ssh trust: " + e.getMessage());
                return 2;
            }
            Path kh = n.ssh().knownHosts();
            out.printf("node %s (%s) presents a %s host key%n  fingerprint %s%n", n.name(), key.host(), key.type(), key.fingerprint());
            HostKeyTrust.Lookup found = HostKeyTrust.lookup(kh, key);
            if (found.verdict() == HostKeyTrust.Verdict.TRUSTED) {
                out.printf("already trusted in %s (line %d): nothing to do%n", kh, found.trustedLine());
                return 0;
            }
            if (found.verdict() != HostKeyTrust.Verdict.NEW) {
                err.println("ssh trust: " + found.refusal(kh, key, n.name()));
                return 2;
            }
            if (!yes) {
                out.printf("Add it to %s? [y/N] ", kh);
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                    out.println("not added");
                    return 1;
                }
            }
            HostKeyTrust.append(kh, key);
            out.printf("added to %s%n", kh);
            return 0;
        }
    }

    /**
     * The first {@code ssh trust} of a new pair: the configured known_hosts does not exist yet
     * (the config is otherwise refused for it). Creates it empty, mode 0644, when its directory
     * exists; false (and why) when it cannot.
     */
    static boolean createMissingKnownHosts(Path config, PrintWriter out, PrintWriter err) {
        for (Path kh : ConfigLoader.missingKnownHosts(config)) {
            Path dir = kh.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;   // the config check says the file is missing; the directory is the user's to make
            }
            try {
                Files.createFile(kh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
                out.printf("created %s (empty): the host keys you trust go in it%n", kh);
            } catch (IOException e) {
                err.printf("ssh trust: cannot create %s: %s; create it (touch %s; chmod 644 %s), then again%n", kh,
                        e.getMessage(), kh, kh);
                return false;
            }
        }
        return true;
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Log in to NODE (or every node) and run a harmless command; says what failed and how to fix it.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every node answered", "2:a node did not answer, or there is no such node", "3:bad config"})
    static final class Test implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;
        @Parameters(paramLabel = "NODE", arity = "0..1", description = "Node name; default: every node.")
        String nodeName;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HactlConfig cfg = configOption.load("ssh test", err);
            if (cfg == null) {
                return 3;
            }
            List<NodeConfig> nodes = nodeName == null ? cfg.nodes() : java.util.stream.Stream.ofNullable(node(cfg, nodeName, err)).toList();
            if (nodes.isEmpty()) {
                return 2;
            }
            int failed = 0;
            for (NodeConfig n : nodes) {
                try (SshShell sh = new SshShell(n)) {
                    CommandResult r = sh.run("uname -n", Duration.ofSeconds(5));
                    if (r.ok()) {
                        out.printf("%-6s %s@%s:%d ok (%d ms)%n", n.name(), n.ssh().user(), n.address(), n.ssh().port(), r.elapsed().toMillis());
                    } else {
                        failed++;
                        out.printf("%-6s FAILED: %s%n", n.name(), r.err().strip());
                    }
                }
            }
            return failed == 0 ? 0 : 2;
        }
    }
}
