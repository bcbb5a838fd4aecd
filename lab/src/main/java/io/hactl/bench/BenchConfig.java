package io.hactl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench's copy of the lab config: the lab's hactl.yml with its own state directory (so
 * the lab's transition log is not filled, and no earlier failover blocks the next), its own
 * API port, and an {@code alerts:} section with a Slack-format webhook to {@link ChatReceiver}
 * (URL in a 0600 url_file) and an email channel to {@link MailReceiver} (security none: a local
 * GreenMail, no login).
 */
final class BenchConfig {

    private BenchConfig() {
    }

    /**
     * Writes {@code dir/NAME.yml} (0600) and, once, {@code dir/chat.url} (0600); returns the config's path.
     *
     * @param stateDirectory created 0700 if missing
     */
    static Path write(Path labConfig, Path dir, String name, Path stateDirectory, int apiPort, String chatUrl,
                      int smtpPort) throws IOException {
        String yml = Files.readString(labConfig, StandardCharsets.UTF_8);
        if (Pattern.compile("(?m)^alerts:").matcher(yml).find()) {
            throw new IllegalStateException(labConfig + " has an alerts: section already: the bench adds its own;"
                    + " rebuild the lab (sudo bin/hactl lab up) or point --config at a lab config without one");
        }
        Files.createDirectories(stateDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        yml = replaceLine(yml, "(?m)^state_directory: .*$", "state_directory: " + stateDirectory);
        yml = replaceLine(yml, "(?m)^  listen: .*$", "  listen: 127.0.0.1:" + apiPort);
        Path url = dir.resolve("chat.url");
        if (!Files.exists(url)) {
            secretFile(url, chatUrl + "\n");
        }
        yml = yml.stripTrailing() + "\n"
                + "alerts:\n"
                + "  remind_interval: 30m\n"
                + "  flap_window: 60s\n"
                + "  channels:\n"
                + "    - name: bench-chat\n"
                + "      type: slack\n"
                + "      timeout: 2s\n"
                + "      url_file: " + url + "\n"
                + "    - name: bench-mail\n"
                + "      type: email\n"
                + "      timeout: 2s\n"
                + "      host: 127.0.0.1\n"
                + "      port: " + smtpPort + "\n"
                + "      security: none\n"
                + "      from: hactl-bench@lab.invalid\n"
                + "      to: [" + MailReceiver.RECIPIENT + "]\n";
        Path out = dir.resolve(name + ".yml");
        secretFile(out, yml);
        return out;
    }

    /**
     * Writes {@code dir/NAME.yml} (0600): the lab's config with its own state directory and API
     * port, no alerts (the torture run's controllers and db-master-set; each fault gets its own
     * state, so no earlier failover blocks the next). Returns the config's path.
     */
    static Path withOwnState(Path labConfig, Path dir, String name, int apiPort) throws IOException {
        String yml = Files.readString(labConfig, StandardCharsets.UTF_8);
        Path stateDirectory = dir.resolve("state-" + name);
        Files.createDirectories(stateDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        yml = replaceLine(yml, "(?m)^state_directory: .*$", "state_directory: " + stateDirectory);
        yml = replaceLine(yml, "(?m)^  listen: .*$", "  listen: 127.0.0.1:" + apiPort);
        Path out = dir.resolve(name + ".yml");
        secretFile(out, yml);
        return out;
    }

    /**
     * The config text with the {@code database.server} section this build's lab writes (the option file, the
     * mariadb-ctl start/stop the physical rebuild uses), added when the lab's config has none: a lab brought up by
     * an older build (heal writes its mariadb-ctl, not its config). As the lab tests' LabConfigs does it.
     */
    static String withDatabaseServer(String yml, Path labDir) {
        if (yml.contains("\n  server:\n")) {
            return yml;
        }
        String d = labDir.toString();
        String line = "  error_log: " + d + "/{node}/mysql/error.log\n";
        if (!yml.contains(line)) {
            throw new IllegalStateException("the lab config has no database.error_log line (" + line.strip() + "): the"
                    + " bench cannot add database.server after it; rebuild the lab (sudo bin/hactl lab up)");
        }
        return yml.replace(line, line + "  server:\n    defaults_file: " + d + "/{node}/mysql/my.cnf\n    start: " + d
                + "/bin/mariadb-ctl start {node}\n    stop: " + d + "/bin/mariadb-ctl stop {node}\n");
    }

    /** The config with database.copy.direct: off (the copy through hactl, inside SSH), after database.server. */
    static String withDirectOff(String yml) {
        if (!yml.contains("\n  server:\n")) {
            throw new IllegalStateException("the config has no database.server section: add it first (withDatabaseServer)");
        }
        return yml.replace("\n  server:\n", "\n  copy:\n    direct: off\n  server:\n");
    }

    private static String replaceLine(String yml, String regex, String line) {
        Matcher m = Pattern.compile(regex).matcher(yml);
        if (!m.find()) {
            throw new IllegalStateException("the lab config has no line matching " + regex + ": the bench cannot"
                    + " give its copy its own state directory and API port; rebuild the lab (sudo bin/hactl lab up)");
        }
        return m.replaceFirst(Matcher.quoteReplacement(line));
    }

    static void secretFile(Path p, String content) throws IOException {
        Files.deleteIfExists(p);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
