package io.hactl.config;

import io.hactl.model.Severity;
import io.hactl.notify.EmailNotifier;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where alerts go ({@code alerts:} in hactl.yml; docs/alerts.md, docs/configuration.md).
 *
 * @param remindInterval a warning or critical state that still stands is repeated this often: the one
 *                       reminder setting, {@code controller.remind_interval} (the same as
 *                       {@link ControllerConfig#remindInterval()}); default 30m
 * @param flapWindow     a state that comes back sooner than this after it cleared is held back as flapping;
 *                       default 60s
 * @param channels       in the order written; empty: no alerts are sent
 */
public record AlertsConfig(Duration remindInterval, Duration flapWindow, List<ChannelConfig> channels) {

    public static final Duration DEFAULT_REMIND_INTERVAL = Duration.ofMinutes(30);
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public AlertsConfig {
        channels = List.copyOf(channels);
    }

    /** No {@code alerts:} section. */
    public static AlertsConfig none() {
        return new AlertsConfig(DEFAULT_REMIND_INTERVAL, DEFAULT_FLAP_WINDOW, List.of());
    }

    public Optional<ChannelConfig> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public enum Type {
        EMAIL, SLACK, TEAMS, WEBHOOK, COMMAND;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One {@code alerts.channels} item. Exactly one of {@code email}, {@code webhook} (slack, teams,
     * webhook) and {@code command} is set, by type.
     *
     * @param minSeverity the least severity sent to this channel (info, warning, critical); default info
     * @param timeout     one try's limit (connect + send; a command's run time); default 10s
     */
    public record ChannelConfig(String name, Type type, Severity minSeverity, Duration timeout, Email email,
                                Webhook webhook, Command command) {
    }

    /** SMTP. {@code user} null: no login ({@code password} null too). */
    public record Email(String host, int port, EmailNotifier.Security security, String user, Secret password,
                        String from, List<String> to) {
        public Email {
            to = List.copyOf(to);
        }
    }

    /** The webhook URL is a secret (its path holds the token): a file, an environment variable, or inline. */
    public record Webhook(Secret url) {
    }

    /** The program and its arguments, run without a shell. */
    public record Command(List<String> argv) {
        public Command {
            argv = List.copyOf(argv);
        }
    }
}
