package io.hactl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.alert.AlertLog;
import io.hactl.alert.Channels;
import io.hactl.check.TextTable;
import io.hactl.config.AlertsConfig;
import io.hactl.config.HactlConfig;
import io.hactl.log.TransitionLog;
import io.hactl.log.Who;
import io.hactl.notify.Alert;
import io.hactl.notify.Channel;
import io.hactl.notify.ChannelSender;
import io.hactl.notify.DeliveryResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hactl notify}: the alert channels. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "The alert channels (alerts: in hactl.yml; docs/alerts.md).",
        subcommands = {NotifyCommand.Test.class})
public final class NotifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code hactl notify test [--channel NAME]}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Send a test message through each configured alert channel (or one) and say per channel"
                    + " what happened: ok with the time it took, or why it failed (after the channel's retries).",
                    "Each result is written to the transition log (alert / alert-failed)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every channel delivered", "1:a channel failed",
                    "3:bad config, no alert channel configured, or no channel of that name"})
    public static final class Test implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel.")
        String channel;

        @Option(names = "--json", description = "One JSON object: a result per channel.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            HactlConfig cfg = configOption.load("notify test", err, json ? null : out);
            if (cfg == null) {
                return 3;
            }
            AlertsConfig alerts = cfg.alerts();
            if (alerts == null || alerts.channels().isEmpty()) {
                err.println("notify test: no alert channels in " + cfg.source() + ": add an alerts: section with"
                        + " channels (email, slack, teams, webhook, command); see docs/alerts.md and conf/hactl.yml");
                err.flush();
                return 3;
            }
            List<AlertsConfig.ChannelConfig> chosen = alerts.channels();
            if (channel != null) {
                chosen = alerts.channel(channel).map(List::of).orElse(List.of());
                if (chosen.isEmpty()) {
                    err.println("notify test: no channel named '" + channel + "' in " + cfg.source()
                            + "; the channels are: " + String.join(", ", alerts.channels().stream()
                            .map(AlertsConfig.ChannelConfig::name).toList()));
                    err.flush();
                    return 3;
                }
            }
            String who = Who.current();
            Clock clock = Clock.systemUTC();
            AlertLog log = new AlertLog(new TransitionLog(cfg.stateDirectory()), who, clock);
            List<Row> rows = new ArrayList<>();
            for (AlertsConfig.ChannelConfig c : chosen) {
                Alert alert = Alert.test(cfg.clusterName(), clock.instant(), c.name(), who);
                Channel ch;
                try {
                    ch = Channels.build(c);
                } catch (Channels.ChannelException e) {
                    DeliveryResult r = new DeliveryResult(c.name(), false, 0, Duration.ZERO, e.getMessage());
                    rows.add(new Row(c, "-", r));
                    record(log, alert, r, err);
                    continue;
                }
                if (!json) {
                    out.println("sending through " + c.name() + " (" + ch.notifier().target() + ") ...");
                    out.flush();
                }
                DeliveryResult r = new ChannelSender(ch).send(alert);
                rows.add(new Row(c, ch.notifier().target(), r));
                record(log, alert, r, err);
            }
            boolean allOk = rows.stream().allMatch(r -> r.result.ok());
            if (json) {
                out.println(json(cfg, rows));
            } else {
                TextTable t = new TextTable("CHANNEL", "TYPE", "TARGET", "RESULT", "TRIES", "TIME", "DETAIL");
                for (Row r : rows) {
                    t.row(r.config.name(), r.config.type().word(), r.target, r.result.ok() ? "ok" : "FAILED",
                            r.result.attempts(), String.format(Locale.ROOT, "%.2f s", r.result.took().toMillis() / 1000.0),
                            r.result.ok() ? "" : r.result.error());
                }
                out.print(t.render(""));
                long failed = rows.stream().filter(r -> !r.result.ok()).count();
                out.println(allOk ? "notify test: all " + rows.size() + " channel(s) delivered; check that the"
                        + " message arrived where you watch it"
                        : "notify test: " + failed + " of " + rows.size() + " channel(s) FAILED: fix what DETAIL"
                        + " says, then run hactl notify test --channel NAME");
            }
            out.flush();
            err.flush();
            return allOk ? 0 : 1;
        }

        private static void record(AlertLog log, Alert alert, DeliveryResult r, PrintWriter err) {
            try {
                if (r.ok()) {
                    log.delivered(alert, r);
                } else {
                    log.failed(alert, r);
                }
            } catch (RuntimeException e) {
                err.println("notify test: warning: " + e.getMessage());
            }
        }

        private static String json(HactlConfig cfg, List<Row> rows) throws Exception {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("config", cfg.source().toString());
            o.put("ok", rows.stream().allMatch(r -> r.result.ok()));
            ArrayNode list = o.putArray("channels");
            for (Row r : rows) {
                ObjectNode c = list.addObject();
                c.put("name", r.config.name());
                c.put("type", r.config.type().word());
                c.put("target", r.target);
                c.put("ok", r.result.ok());
                c.put("attempts", r.result.attempts());
                c.put("ms", r.result.took().toMillis());
                c.put("error", r.result.error());
            }
            return m.writeValueAsString(o);
        }

        private record Row(AlertsConfig.ChannelConfig config, String target, DeliveryResult result) {
        }
    }
}
