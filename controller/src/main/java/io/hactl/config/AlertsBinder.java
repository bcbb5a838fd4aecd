package io.hactl.config;

import io.hactl.model.Severity;
import io.hactl.notify.EmailNotifier;
import io.hactl.notify.Severities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads the {@code alerts} section: remind_interval, flap_window and the channels. */
final class AlertsBinder {

    static final Set<String> KEYS = Set.of("remind_interval", "flap_window", "channels");
    static final Set<String> COMMON = Set.of("name", "type", "min_severity", "timeout");
    static final Set<String> EMAIL = Set.of("host", "port", "security", "user", "password_file", "password_env",
            "password", "from", "to");
    static final Set<String> WEBHOOK = Set.of("url_file", "url_env", "url");
    static final Set<String> COMMAND = Set.of("command");
    static final Set<String> CHANNEL_KEYS = union(COMMON, EMAIL, WEBHOOK, COMMAND);
    static final String SMTP_PASSWORD_FILE = "/etc/hactl/smtp.password";

    private AlertsBinder() {
    }

    static AlertsConfig read(YamlMap root) {
        if (!root.has("alerts")) {
            return AlertsConfig.none();
        }
        YamlMap alerts = root.map("alerts", KEYS);
        var remind = alerts.duration("remind_interval", AlertsConfig.DEFAULT_REMIND_INTERVAL);
        var flap = alerts.duration("flap_window", AlertsConfig.DEFAULT_FLAP_WINDOW);
        List<AlertsConfig.ChannelConfig> channels = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (YamlMap item : alerts.listOfMaps("channels", CHANNEL_KEYS)) {
            AlertsConfig.ChannelConfig c = channel(item);
            if (c == null) {
                continue;
            }
            Integer first = names.putIfAbsent(c.name(), item.lineOf("name"));
            if (first != null) {
                item.error("name", "'" + c.name() + "' is also the name of the channel at line " + first
                        + ": give each channel its own name (hactl notify test --channel NAME uses it)");
            } else {
                channels.add(c);
            }
        }
        return new AlertsConfig(remind == null ? AlertsConfig.DEFAULT_REMIND_INTERVAL : remind,
                flap == null ? AlertsConfig.DEFAULT_FLAP_WINDOW : flap, channels);
    }

    /** The channel, or null where it is wrong (reported). */
    private static AlertsConfig.ChannelConfig channel(YamlMap c) {
        String name = c.required("name", "the channel's name, used in messages and by hactl notify test --channel,"
                + " e.g. name: oncall-mail");
        if (name != null && !name.matches(ConfigBinder.NAME_PATTERN)) {
            c.error("name", "'" + name + "' is not a channel name: use letters, digits, '.', '_' and '-'");
            name = null;
        }
        AlertsConfig.Type type = c.constant("type", c.required("type", "what the channel is: email, slack, teams,"
                + " webhook or command"), AlertsConfig.Type.class, null, "a channel type: write email, slack (also"
                + " Mattermost and Rocket.Chat), teams, webhook (hactl's JSON) or command");
        Severity min = Severity.OK;
        String minText = c.string("min_severity");
        if (minText != null) {
            try {
                min = Severities.parse(minText);
            } catch (IllegalArgumentException e) {
                c.error("min_severity", e.getMessage());
                min = null;
            }
        }
        var timeout = c.duration("timeout", AlertsConfig.DEFAULT_TIMEOUT);
        if (type == null) {
            return null;
        }
        Set<String> own = switch (type) {
            case EMAIL -> EMAIL;
            case SLACK, TEAMS, WEBHOOK -> WEBHOOK;
            case COMMAND -> COMMAND;
        };
        for (String key : CHANNEL_KEYS) {
            if (c.has(key) && !COMMON.contains(key) && !own.contains(key)) {
                c.error(key, "does not apply to a channel of type " + type.word() + " (its keys: "
                        + String.join(", ", new TreeSet<>(union(COMMON, own))) + ")");
            }
        }
        AlertsConfig.Email email = null;
        AlertsConfig.Webhook webhook = null;
        AlertsConfig.Command command = null;
        switch (type) {
            case EMAIL -> email = email(c);
            case SLACK, TEAMS, WEBHOOK -> webhook = webhook(c);
            case COMMAND -> command = command(c);
        }
        if (name == null || min == null || timeout == null || (email == null && webhook == null && command == null)) {
            return null;
        }
        return new AlertsConfig.ChannelConfig(name, type, min, timeout, email, webhook, command);
    }

    private static AlertsConfig.Email email(YamlMap c) {
        String host = c.required("host", "the SMTP server, e.g. host: smtp.example.org");
        EmailNotifier.Security security = c.constant("security", c.string("security"), EmailNotifier.Security.class,
                EmailNotifier.Security.STARTTLS, "an SMTP security: write starttls (port 587, the default), tls"
                        + " (port 465) or none (port 25, a relay you trust)");
        int defaultPort = security == EmailNotifier.Security.TLS ? 465
                : security == EmailNotifier.Security.NONE ? 25 : 587;
        Integer port = c.port("port", defaultPort);
        String user = c.string("user");
        Secret password = null;
        if (user != null) {
            password = SecretBinder.read(c, "the SMTP user's", SMTP_PASSWORD_FILE);
        } else {
            for (String key : SecretBinder.KEYS) {
                if (c.has(key)) {
                    c.error(key, "a password without a user: give user: (the SMTP login) too, or remove " + key);
                }
            }
        }
        String from = c.required("from", "the sender address, e.g. from: hactl@example.org");
        if (from != null && !address(from)) {
            c.error("from", "'" + from + "' is not an email address (name@domain)");
            from = null;
        }
        List<String> to = new ArrayList<>();
        if (!c.has("to")) {
            c.missing("to", "who gets the alerts, e.g. to: [oncall@example.org]");
        } else {
            List<YamlMap.Located> given = c.listOfStrings("to", "an email address");
            if (given != null && given.isEmpty()) {
                c.error("to", "no addresses listed: give at least one, e.g. to: [oncall@example.org]");
            }
            for (YamlMap.Located a : given == null ? List.<YamlMap.Located>of() : given) {
                if (address(a.value())) {
                    to.add(a.value());
                } else {
                    c.errorAt(a.line(), a.keyPath(), "'" + a.value() + "' is not an email address (name@domain)");
                }
            }
        }
        if (host == null || security == null || port == null || from == null || to.isEmpty()
                || (user != null && password == null)) {
            return null;
        }
        return new AlertsConfig.Email(host, port, security, user, password, from, to);
    }

    /** Exactly one of url_file (preferred), url_env, url (inline: a warning). */
    private static AlertsConfig.Webhook webhook(YamlMap c) {
        List<String> given = Stream.of("url_file", "url_env", "url").filter(c::has).toList();
        if (given.isEmpty()) {
            c.missing("url_file", "the webhook URL: it holds a secret, so put it alone on the first line of a file"
                    + " with mode 0600 and give url_file: /etc/hactl/" + c.string("name") + ".url (or url_env: VARIABLE)");
            return null;
        }
        if (given.size() > 1) {
            c.error(given.get(1), "give only one of url_file, url_env and url (this channel has "
                    + String.join(" and ", given) + "): keep url_file");
            return null;
        }
        switch (given.get(0)) {
            case "url_file" -> {
                String file = c.absolutePath("url_file");
                return file == null ? null : new AlertsConfig.Webhook(Secret.file(Path.of(file)));
            }
            case "url_env" -> {
                String variable = c.string("url_env");
                if (variable != null && !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    c.error("url_env", "'" + variable + "' is not an environment variable name: use letters, digits"
                            + " and '_' (e.g. HACTL_SLACK_URL), without '$'");
                    return null;
                }
                return variable == null ? null : new AlertsConfig.Webhook(Secret.env(variable));
            }
            default -> {
                String value = c.secret("url");
                if (value == null) {
                    return null;
                }
                if (!value.startsWith("https://") && !value.startsWith("http://")) {
                    c.error("url", "the webhook URL must start with https:// (the value is not shown)");
                    return null;
                }
                c.warning("url", "the webhook URL (and its secret token) is written in the config file: prefer"
                        + " url_file: (mode 0600), so this file can be shown and shared without it");
                return new AlertsConfig.Webhook(Secret.inline(value));
            }
        }
    }

    private static AlertsConfig.Command command(YamlMap c) {
        if (!c.has("command")) {
            c.missing("command", "the program to run with the alert's JSON on stdin, as a list (no shell),"
                    + " e.g. command: [/usr/local/bin/page-oncall, --team, db]");
            return null;
        }
        List<YamlMap.Located> argv = c.listOfStrings("command", "a program or an argument");
        if (argv == null || argv.isEmpty()) {
            c.error("command", "no program given: command: [/usr/local/bin/page-oncall, --team, db]");
            return null;
        }
        String program = argv.get(0).value();
        if (!program.startsWith("/")) {
            c.errorAt(argv.get(0).line(), argv.get(0).keyPath(), "'" + program + "' is not an absolute path: give"
                    + " the program's full path (it is run without a shell or PATH lookup), e.g. /usr/local/bin/"
                    + program);
            return null;
        }
        return new AlertsConfig.Command(argv.stream().map(YamlMap.Located::value).toList());
    }

    private static boolean address(String s) {
        return s.matches("[^@\\s<>]+@[^@\\s<>]+");
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new java.util.HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
