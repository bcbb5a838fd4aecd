package io.hactl.config;

import io.hactl.config.ControllerConfig.OpenRead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the {@code controller} section's config: listen (one form, {@code ADDRESS:PORT}),
 * operators (each a name and the SHA-256 of their token, never the token), open_reads,
 * remind_interval.
 */
final class ControllerBinder {

    static final String MAKE_TOKEN = "make one with 'hactl token new NAME --out FILE' (it writes the token to FILE,"
            + " mode 0600, and prints the token_sha256 line for this file); the token itself never goes in this file";
    static final String MAKE_USER = "make it with 'hactl user new NAME --role viewer|operator' (it asks for the"
            + " password twice and prints the lines for this file); the password itself never goes in this file";
    private static final String OPEN_READS_FORM = "write open_reads: [status, health] (the default), a list of the"
            + " reads to open to this machine without a token (" + OpenRead.words() + "), or"
            + " open_reads: [] (every read needs a token)";

    private ControllerBinder() {
    }

    static ControllerConfig read(Problems c, YamlSource source, HactlYaml.Controller controller, String cluster) {
        HactlYaml.Controller y = controller != null ? controller : new HactlYaml.Controller(null, null, null, null, null, null);
        String address = Defaults.CONTROLLER_LISTEN;
        Integer port = Defaults.CONTROLLER_PORT;
        if (c.has("controller.listen")) {
            address = null;
            port = null;
            String listen = c.valid("controller.listen", y.listen());
            Listen l = listen == null ? null : listen(c, listen);
            if (l != null) {
                address = l.address();
                port = l.port();
            }
        }
        return new ControllerConfig(address, port == null ? 0 : port, operators(c, y.operators()),
                openReads(c, source, y.openReads()),
                c.or("controller.remind_interval", y.remindInterval(), Defaults.CONTROLLER_REMIND_INTERVAL),
                coordination(c, y.coordination(), cluster), users(c, y.users()));
    }

    /** Where the controller listens: {@code controller.listen}'s two halves. */
    private record Listen(String address, int port) {
    }

    /** {@code controller.listen}'s one form, {@code ADDRESS:PORT}; null when wrong (reported). */
    private static Listen listen(Problems c, String listen) {
        int colon = listen.lastIndexOf(':');
        String a = colon < 0 ? listen : listen.substring(0, colon);
        String p = colon < 0 ? null : listen.substring(colon + 1);
        if (!Ipv4.isAddress(a)) {
            c.error("controller.listen", "'" + a + "' is not an IPv4 address: write listen: ADDRESS:PORT with"
                    + " the address to listen on, e.g. listen: 127.0.0.1:" + Defaults.CONTROLLER_PORT
                    + " (this machine only) or listen: 0.0.0.0:" + Defaults.CONTROLLER_PORT + " (every interface)");
        } else if (p == null) {
            c.error("controller.listen", "'" + listen + "' has no port: write listen: ADDRESS:PORT, e.g."
                    + " listen: " + a + ":" + Defaults.CONTROLLER_PORT);
        } else if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            c.error("controller.listen", "'" + listen + "': '" + p + "' is not a port: it must be 1-65535,"
                    + " e.g. listen: " + a + ":" + Defaults.CONTROLLER_PORT);
        } else {
            return new Listen(a, Integer.parseInt(p));
        }
        return null;
    }

    /**
     * The controller's address alone, read from the file as written ({@link ConfigLoader#controller}), the rest of
     * the section at its defaults; null when the section or its {@code listen} is not what {@link #read} takes (a
     * list, a mapping, an empty value) or is wrong (reported): the full load then says all that is wrong.
     */
    static ControllerConfig address(Problems c, YamlSource source) {
        YamlSource.Shape section = source.shape("controller");
        YamlSource.Shape listen = source.shape("controller.listen");
        if (section == null || section == YamlSource.Shape.NONE || section == YamlSource.Shape.MAPPING && listen == null) {
            return ControllerConfig.defaults();
        }
        if (section != YamlSource.Shape.MAPPING || listen != YamlSource.Shape.VALUE) {
            return null;
        }
        Listen l = listen(c, source.value("controller.listen"));
        return l == null ? null : new ControllerConfig(l.address(), l.port(), List.of(), ControllerConfig.DEFAULT_OPEN_READS,
                Defaults.CONTROLLER_REMIND_INTERVAL);
    }

    /** {@code controller.users}: each name once (the audit says who acted by it); the rest is each value's own. */
    private static List<ControllerConfig.User> users(Problems c, List<HactlYaml.User> items) {
        List<ControllerConfig.User> users = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "controller.users[" + i + "]";
            String name = c.valid(at + ".name", items.get(i).name());
            if (name != null) {
                Integer first = names.putIfAbsent(name, c.line(at + ".name"));
                if (first != null) {
                    c.error(at + ".name", "'" + name + "' is also the user at line " + first
                            + ": give each user their own name (it says who acknowledged what); remove one of them");
                    name = null;
                }
            }
            ControllerConfig.Role role = c.valid(at + ".role", items.get(i).role());
            String hash = c.valid(at + ".password_hash", items.get(i).passwordHash());
            if (name != null && role != null && hash != null) {
                users.add(new ControllerConfig.User(name, role, hash));
            }
        }
        return List.copyOf(users);
    }

    /**
     * {@code controller.coordination}, null when absent. The cluster is the config's own name (one
     * ensemble may serve several pairs); the member may be left out, the daemon then takes this
     * host's node name. {@link CoordinationSettings#validate()} says what is wrong; each sentence
     * is reported at the line of the key it names, unless that key's value was already reported.
     */
    private static CoordinationSettings coordination(Problems c, HactlYaml.Coordination y, String cluster) {
        if (!c.has(CoordinationSettings.KEY)) {
            return null;
        }
        HactlYaml.Coordination k = y != null ? y : new HactlYaml.Coordination(null, null, null, null, null, null);
        String at = CoordinationSettings.KEY + ".";
        CoordinationSettings s = new CoordinationSettings(c.valid(at + "connect", k.connect()), cluster,
                c.valid(at + "member", k.member()),
                c.or(at + "session_timeout", k.sessionTimeout(), CoordinationSettings.DEFAULT_SESSION_TIMEOUT),
                c.or(at + "connection_timeout", k.connectionTimeout(), CoordinationSettings.DEFAULT_CONNECTION_TIMEOUT),
                password(c, at + "password_file", k.passwordFile()), c.valid(at + "epoch_directory", k.epochDirectory()));
        // a missing member is taken from the node name at start; a missing cluster is reported at "cluster"
        CoordinationSettings checked = new CoordinationSettings(s.connect(), cluster != null ? cluster : "pair",
                s.member() != null ? s.member() : "member", s.sessionTimeout(), s.connectionTimeout());
        boolean bad = false;
        boolean sessionWrong = false;
        for (String sentence : checked.validate()) {
            Matcher m = SENTENCE.matcher(sentence);
            String key = m.matches() ? at + m.group(1) : CoordinationSettings.KEY;
            String message = m.matches() ? m.group(2) : sentence;
            bad = true;
            sessionWrong |= key.equals(at + "session_timeout");
            // the default connection_timeout against a wrong session_timeout: the session's sentence says it
            boolean consequence = key.equals(at + "connection_timeout") && !c.has(key) && sessionWrong;
            if (!c.reported(key) && !consequence) {
                c.error(key, message);
            }
        }
        return bad || c.reportedWithin(CoordinationSettings.KEY) ? null : s;
    }

    /**
     * {@code controller.coordination.password_file}: the ZooKeeper password (its mode is checked with the
     * other secret files, {@link FileChecks}). Without it the tree is open, which is said once: anyone who
     * reaches a ZooKeeper member can act as a controller.
     */
    private static Secret password(Problems c, String key, String file) {
        String path = c.valid(key, file);
        if (path != null) {
            return Secret.file(Path.of(path));
        }
        if (!c.has(key)) {
            c.warning(CoordinationSettings.KEY, "has no password_file, so the tree /hactl/<cluster> in ZooKeeper is"
                    + " open: anyone who reaches a ZooKeeper member (port 2181) can act as a controller (elect"
                    + " itself, acknowledge, rewrite the shared state); put a password alone in a file (install -m"
                    + " 600 /dev/null /etc/hactl/zookeeper.password, then edit it), the same on the three"
                    + " controllers, and give password_file: /etc/hactl/zookeeper.password");
        }
        return Secret.NONE;
    }

    /** "controller.coordination.connect is missing: ..." → the key and the rest. */
    private static final Pattern SENTENCE = Pattern.compile(
            Pattern.quote(CoordinationSettings.KEY) + "\\.([a-z_]+):? (.*)", Pattern.DOTALL);

    /**
     * {@code open_reads}: a list of reads ({@code [status, health]}, the default when absent),
     * or the old {@code true} (every read, with a warning: history and proposals too) /
     * {@code false} (none).
     */
    private static Set<OpenRead> openReads(Problems c, YamlSource source, List<String> given) {
        if (given == null) {
            return ControllerConfig.DEFAULT_OPEN_READS;
        }
        if (source.shape("controller.open_reads") == YamlSource.Shape.VALUE) {
            String text = given.isEmpty() ? "" : String.join(",", given);
            if (text.equalsIgnoreCase("true")) {
                c.warning("controller.open_reads", "open_reads: true opens every read to this machine without a token ("
                        + OpenRead.words() + "): any local user then reads the history (who did what, the operations'"
                        + " arguments, the comments) and the proposals; write open_reads: [status, health] (the"
                        + " default), or list the reads you mean to open");
                return ControllerConfig.ALL_READS;
            }
            if (text.equalsIgnoreCase("false")) {
                return Set.of();
            }
            c.error("controller.open_reads", "'" + text + "' is not a list of reads: " + OPEN_READS_FORM);
            return ControllerConfig.DEFAULT_OPEN_READS;
        }
        Set<OpenRead> reads = EnumSet.noneOf(OpenRead.class);
        for (int i = 0; i < given.size(); i++) {
            String word = given.get(i);
            OpenRead r = OpenRead.named(word).orElse(null);
            if (r == null) {
                c.error("controller.open_reads[" + i + "]", "'" + word + "' is not a read: the reads are "
                        + OpenRead.words() + Suggestions.closest(word,
                        Arrays.stream(OpenRead.values()).map(OpenRead::word).toList())
                        .map(s -> " — did you mean '" + s + "'?").orElse(""));
            } else {
                reads.add(r);
            }
        }
        return reads;
    }

    private static List<ControllerConfig.Operator> operators(Problems c, List<HactlYaml.Operator> items) {
        List<ControllerConfig.Operator> operators = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> hashes = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "controller.operators[" + i + "]";
            String name = c.valid(at + ".name", items.get(i).name());
            if (name != null) {
                Integer first = names.putIfAbsent(name, c.line(at + ".name"));
                if (first != null) {
                    c.error(at + ".name", "'" + name + "' is also the operator at line " + first
                            + ": give each operator their own name (it says who acknowledged what)");
                    name = null;
                }
            }
            String hash = c.valid(at + ".token_sha256", items.get(i).tokenSha256());
            if (hash != null) {
                hash = hash.toLowerCase(Locale.ROOT);
                Integer first = hashes.putIfAbsent(hash, c.line(at + ".token_sha256"));
                if (first != null) {
                    c.error(at + ".token_sha256", "is also the token_sha256 at line " + first + ": each operator"
                            + " needs their own token, or the log cannot say who acted; " + MAKE_TOKEN);
                    hash = null;
                }
            }
            if (name != null && hash != null) {
                operators.add(new ControllerConfig.Operator(name, hash));
            }
        }
        return List.copyOf(operators);
    }
}
