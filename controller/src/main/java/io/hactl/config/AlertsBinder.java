package io.hactl.config;

import io.hactl.model.Severity;
import io.hactl.notify.EmailNotifier;
import io.hactl.notify.Severities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Makes the {@code alerts} section's config: remind_interval, flap_window and the channels, each by its type. */
final class AlertsBinder {

    static final Set<String> COMMON = Set.of("name", "type", "min_severity", "timeout");
    static final Set<String> EMAIL = Set.of("host", "port", "security", "user", "password_file", "password_env",
            "password", "from", "to");
    static final Set<String> WEBHOOK = Set.of("url_file", "url_env", "url");
    static final Set<String> COMMAND = Set.of("command");
    static final String SMTP_PASSWORD_FILE = "/etc/hactl/smtp.password";

    private AlertsBinder() {
    }

    static AlertsConfig read(Problems c, HactlYaml.Alerts alerts) {
        if (alerts == null) {
            return AlertsConfig.none();
        }
        var remind = c.or("alerts.remind_interval", alerts.remindInterval(), AlertsConfig.DEFAULT_REMIND_INTERVAL);
        var flap = c.or("alerts.flap_window", alerts.flapWindow(), AlertsConfig.DEFAULT_FLAP_WINDOW);
        List<AlertsConfig.ChannelConfig> channels = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        List<HactlYaml.Channel> items = alerts.channels() == null ? List.of() : alerts.channels();
        for (int i = 0; i < items.size(); i++) {
            String at = "alerts.channels[" + i + "]";
            AlertsConfig.ChannelConfig channel = channel(c, at, items.get(i));
            if (channel == null) {
                continue;
            }
            Integer first = names.putIfAbsent(channel.name(), c.line(at + ".name"));
            if (first != null) {
                c.error(at + ".name", "'" + channel.name() + "' is also the name of the channel at line " + first
                        + ": give each channel its own name (hactl notify test --channel NAME uses it)");
            } else {
                channels.add(channel);
            }
        }
        return new AlertsConfig(remind == null ? AlertsConfig.DEFAULT_REMIND_INTERVAL : remind,
                flap == null ? AlertsConfig.DEFAULT_FLAP_WINDOW : flap, channels);
    }

    /** The channel, or null where it is wrong (reported). */
    private static AlertsConfig.ChannelConfig channel(Problems c, String at, HactlYaml.Channel y) {
        String name = c.valid(at + ".name", y.name());
        AlertsConfig.Type type = c.valid(at + ".type", y.type());
        Severity min = Severity.OK;
        if (y.minSeverity() != null) {
            try {
                min = Severities.parse(y.minSeverity());
            } catch (IllegalArgumentException e) {
                c.error(at + ".min_severity", e.getMessage());
                min = null;
            }
        }
        var timeout = c.or(at + ".timeout", y.timeout(), AlertsConfig.DEFAULT_TIMEOUT);
        if (type == null) {
            return null;
        }
        Set<String> own = switch (type) {
            case EMAIL -> EMAIL;
            case SLACK, TEAMS, WEBHOOK -> WEBHOOK;
            case COMMAND -> COMMAND;
        };
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(own);
        for (String key : keys()) {
            if (c.has(at + "." + key) && !allowed.contains(key)) {
                c.error(at + "." + key, "does not apply to a channel of type " + type.word() + " (its keys: "
                        + String.join(", ", allowed) + ")");
            }
        }
        AlertsConfig.Email email = null;
        AlertsConfig.Webhook webhook = null;
        AlertsConfig.Command command = null;
        switch (type) {
            case EMAIL -> email = email(c, at, y);
            case SLACK, TEAMS, WEBHOOK -> webhook = webhook(c, at, y);
            case COMMAND -> command = command(c, at, y.command());
        }
        if (name == null || min == null || timeout == null || (email == null && webhook == null && command == null)) {
            return null;
        }
        return new AlertsConfig.ChannelConfig(name, type, min, timeout, email, webhook, command);
    }

    private static AlertsConfig.Email email(Problems c, String at, HactlYaml.Channel y) {
        if (!c.has(at + ".host")) {
            c.error(at + ".host", "missing: the SMTP server, e.g. host: smtp.example.org");
        }
        EmailNotifier.Security security = c.or(at + ".security", y.security(), EmailNotifier.Security.STARTTLS);
        int defaultPort = security == EmailNotifier.Security.TLS ? 465
                : security == EmailNotifier.Security.NONE ? 25 : 587;
        Integer port = c.or(at + ".port", y.port(), defaultPort);
        Secret password = null;
        if (y.user() != null) {
            password = SecretBinder.read(c, at, y.passwordFile(), y.passwordEnv(), y.password(), "the SMTP user's",
                    SMTP_PASSWORD_FILE);
        } else {
            SecretBinder.written(c, at).forEach(key -> c.error(at + "." + key, "a password without a user: give user:"
                    + " (the SMTP login) too, or remove " + key));
        }
        String from = y.from();
        if (!c.has(at + ".from")) {
            c.error(at + ".from", "missing: the sender address, e.g. from: hactl@example.org");
        } else if (from != null && !address(from)) {
            c.error(at + ".from", "'" + from + "' is not an email address (name@domain)");
            from = null;
        }
        List<String> to = new ArrayList<>();
        if (!c.has(at + ".to")) {
            c.error(at + ".to", "missing: who gets the alerts, e.g. to: [oncall@example.org]");
        } else if (y.to() != null && y.to().isEmpty()) {
            c.error(at + ".to", "no addresses listed: give at least one, e.g. to: [oncall@example.org]");
        }
        for (int i = 0; y.to() != null && i < y.to().size(); i++) {
            if (address(y.to().get(i))) {
                to.add(y.to().get(i));
            } else {
                c.error(at + ".to[" + i + "]", "'" + y.to().get(i) + "' is not an email address (name@domain)");
            }
        }
        if (y.host() == null || security == null || port == null || from == null || to.isEmpty()
                || (y.user() != null && password == null)) {
            return null;
        }
        return new AlertsConfig.Email(y.host(), port, security, y.user(), password, from, to);
    }

    /** Exactly one of url_file (preferred), url_env, url (inline: a warning). */
    private static AlertsConfig.Webhook webhook(Problems c, String at, HactlYaml.Channel y) {
        List<String> given = Stream.of("url_file", "url_env", "url").filter(k -> c.has(at + "." + k)).toList();
        if (given.isEmpty()) {
            c.error(at + ".url_file", "missing: the webhook URL: it holds a secret, so put it alone on the first line"
                    + " of a file with mode 0600 and give url_file: /etc/hactl/" + y.name() + ".url (or url_env:"
                    + " VARIABLE)");
            return null;
        }
        if (given.size() > 1) {
            c.error(at + "." + given.get(1), "give only one of url_file, url_env and url (this channel has "
                    + String.join(" and ", given) + "): keep url_file");
            return null;
        }
        switch (given.get(0)) {
            case "url_file" -> {
                String file = c.valid(at + ".url_file", y.urlFile());
                return file == null ? null : new AlertsConfig.Webhook(Secret.file(Path.of(file)));
            }
            case "url_env" -> {
                String variable = c.valid(at + ".url_env", y.urlEnv());
                return variable == null ? null : new AlertsConfig.Webhook(Secret.env(variable));
            }
            default -> {
                String value = c.valid(at + ".url", y.url());
                if (value == null) {
                    return null;
                }
                if (!value.startsWith("https://") && !value.startsWith("http://")) {
                    c.error(at + ".url", "the webhook URL must start with https:// (the value is not shown)");
                    return null;
                }
                c.warning(at + ".url", "the webhook URL (and its secret token) is written in the config file: prefer"
                        + " url_file: (mode 0600), so this file can be shown and shared without it");
                return new AlertsConfig.Webhook(Secret.inline(value));
            }
        }
    }

    private static AlertsConfig.Command command(Problems c, String at, List<String> argv) {
        if (!c.has(at + ".command")) {
            c.error(at + ".command", "missing: the program to run with the alert's JSON on stdin, as a list (no"
                    + " shell), e.g. command: [/usr/local/bin/page-oncall, --team, db]");
            return null;
        }
        if (argv == null) {
            return null;    // wrong: reported
        }
        if (argv.isEmpty()) {
            c.error(at + ".command", "no program given: command: [/usr/local/bin/page-oncall, --team, db]");
            return null;
        }
        String program = argv.get(0);
        if (!program.startsWith("/")) {
            c.error(at + ".command[0]", "'" + program + "' is not an absolute path: give the program's full path (it"
                    + " is run without a shell or PATH lookup), e.g. /usr/local/bin/" + program);
            return null;
        }
        return new AlertsConfig.Command(argv);
    }

    /** The keys a channel may have, whatever its type. */
    private static List<String> keys() {
        return Arrays.stream(HactlYaml.Channel.class.getRecordComponents()).map(YamlKeys::key).toList();
    }

    private static boolean address(String s) {
        return s.matches("[^@\\s<>]+@[^@\\s<>]+");
    }
}
