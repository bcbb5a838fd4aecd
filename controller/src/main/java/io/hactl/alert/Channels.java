package io.hactl.alert;

import io.hactl.config.AlertsConfig;
import io.hactl.config.SecretVariables;
import io.hactl.notify.AlertPolicy;
import io.hactl.notify.Channel;
import io.hactl.notify.CommandNotifier;
import io.hactl.notify.EmailNotifier;
import io.hactl.notify.Notifier;
import io.hactl.notify.WebhookNotifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the notifiers of the {@code alerts:} section: reads each channel's secret (password
 * file, webhook URL file or variable) now, and never shows it.
 */
public final class Channels {

    private Channels() {
    }

    /** Every channel; throws {@link ChannelException} naming the first channel that cannot be built. */
    public static List<Channel> from(AlertsConfig alerts) throws ChannelException {
        List<Channel> out = new ArrayList<>();
        for (AlertsConfig.ChannelConfig c : alerts.channels()) {
            out.add(build(c));
        }
        return out;
    }

    /** The policy's settings from the section. */
    public static AlertPolicy.Settings policy(AlertsConfig alerts) {
        return new AlertPolicy.Settings(alerts.remindInterval(), alerts.flapWindow());
    }

    public static Channel build(AlertsConfig.ChannelConfig c) throws ChannelException {
        return new Channel(c.name(), c.type().word(), notifier(c), c.minSeverity());
    }

    private static Notifier notifier(AlertsConfig.ChannelConfig c) throws ChannelException {
        try {
            return switch (c.type()) {
                case EMAIL -> {
                    AlertsConfig.Email e = c.email();
                    char[] password = e.password() == null ? null : e.password().reveal().toCharArray();
                    yield new EmailNotifier(new EmailNotifier.Settings(e.host(), e.port(), e.security(), e.user(),
                            password, e.from(), e.to(), c.timeout()));
                }
                case SLACK -> webhook(c, WebhookNotifier.Format.SLACK);
                case TEAMS -> webhook(c, WebhookNotifier.Format.TEAMS);
                case WEBHOOK -> webhook(c, WebhookNotifier.Format.GENERIC);
                case COMMAND -> new CommandNotifier(c.command().argv(), c.timeout(), SecretVariables::names);
            };
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Secret.reveal and the notifiers' checks: their messages name files and variables, never values
            throw new ChannelException("channel " + c.name() + " (" + c.type().word() + "): " + e.getMessage());
        }
    }

    private static Notifier webhook(AlertsConfig.ChannelConfig c, WebhookNotifier.Format format) throws ChannelException {
        String text = c.webhook().url().reveal().strip();
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            // the reason would quote the URL: say where it came from instead
            throw new ChannelException("channel " + c.name() + " (" + c.type().word() + "): the webhook URL from "
                    + c.webhook().url() + " is not a URL (character " + e.getIndex() + "): put the URL alone on the"
                    + " first line");
        }
        return new WebhookNotifier(url, format, c.timeout());
    }

    /** A channel that cannot be built: its secret cannot be read, or its settings are wrong. No secret in it. */
    public static final class ChannelException extends Exception {
        public ChannelException(String message) {
            super(message, null, false, false);
        }
    }
}
