package io.hactl.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code controller} section: listen (one form, {@code ADDRESS:PORT}), operators
 * (each a name and the SHA-256 of their token, never the token), open_reads, remind_interval.
 */
final class ControllerBinder {

    static final Set<String> KEYS = Set.of("listen", "operators", "open_reads", "remind_interval");
    static final Set<String> OPERATOR_KEYS = Set.of("name", "token_sha256");
    static final String MAKE_TOKEN = "make one with 'hactl token new NAME --out FILE' (it writes the token to FILE,"
            + " mode 0600, and prints the token_sha256 line for this file); the token itself never goes in this file";
    static final Map<String, String> HINTS = Map.of(
            "port", "the port is part of listen: write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:"
                    + Defaults.CONTROLLER_PORT,
            "address", "write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:" + Defaults.CONTROLLER_PORT);
    static final Map<String, String> OPERATOR_HINTS = Map.of(
            "token", "the token itself never goes in this file: give its SHA-256 as token_sha256; " + MAKE_TOKEN,
            "password", "operators log in with a token, not a password: give its SHA-256 as token_sha256; " + MAKE_TOKEN);

    private ControllerBinder() {
    }

    static ControllerConfig read(YamlMap root) {
        YamlMap c = root.map("controller", KEYS, HINTS);
        String address = Defaults.CONTROLLER_LISTEN;
        Integer port = Defaults.CONTROLLER_PORT;
        String listen = c.string("listen");
        if (c.has("listen")) {
            address = null;
            port = null;
            if (listen != null) {
                int colon = listen.lastIndexOf(':');
                String a = colon < 0 ? listen : listen.substring(0, colon);
                String p = colon < 0 ? null : listen.substring(colon + 1);
                if (!Ipv4.isAddress(a)) {
                    c.error("listen", "'" + a + "' is not an IPv4 address: write listen: ADDRESS:PORT with the"
                            + " address to listen on, e.g. listen: 127.0.0.1:" + Defaults.CONTROLLER_PORT
                            + " (this machine only) or listen: 0.0.0.0:" + Defaults.CONTROLLER_PORT + " (every interface)");
                } else if (p == null) {
                    c.error("listen", "'" + listen + "' has no port: write listen: ADDRESS:PORT, e.g. listen: "
                            + a + ":" + Defaults.CONTROLLER_PORT);
                } else if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                    c.error("listen", "'" + listen + "': '" + p + "' is not a port: it must be 1-65535, e.g. listen: "
                            + a + ":" + Defaults.CONTROLLER_PORT);
                } else {
                    address = a;
                    port = Integer.parseInt(p);
                }
            }
        }
        List<ControllerConfig.Operator> operators = operators(c);
        return new ControllerConfig(address, port == null ? 0 : port, operators, openReads(c),
                c.duration("remind_interval", Defaults.CONTROLLER_REMIND_INTERVAL));
    }

    private static final String OPEN_READS_FORM = "write open_reads: [status, health] (the default), a list of the"
            + " reads to open to this machine without a token (" + ControllerConfig.OpenRead.words() + "), or"
            + " open_reads: [] (every read needs a token)";

    /**
     * {@code open_reads}: a list of reads ({@code [status, health]}, the default when absent),
     * or the old {@code true} (every read, with a warning: history and proposals too) /
     * {@code false} (none).
     */
    private static Set<ControllerConfig.OpenRead> openReads(YamlMap c) {
        if (!c.has("open_reads")) {
            return ControllerConfig.DEFAULT_OPEN_READS;
        }
        if (c.holdsList("open_reads")) {
            Set<ControllerConfig.OpenRead> reads = EnumSet.noneOf(ControllerConfig.OpenRead.class);
            for (YamlMap.Located l : c.listOfStrings("open_reads", "a read")) {
                ControllerConfig.OpenRead r = ControllerConfig.OpenRead.named(l.value()).orElse(null);
                if (r == null) {
                    c.errorAt(l.line(), l.keyPath(), "'" + l.value() + "' is not a read: the reads are "
                            + ControllerConfig.OpenRead.words() + Suggestions.closest(l.value(),
                            Arrays.stream(ControllerConfig.OpenRead.values()).map(ControllerConfig.OpenRead::word).toList())
                            .map(s -> " — did you mean '" + s + "'?").orElse(""));
                } else {
                    reads.add(r);
                }
            }
            return reads;
        }
        String text = c.string("open_reads");
        if (text == null) {
            return ControllerConfig.DEFAULT_OPEN_READS;   // no value: string() said so
        }
        if (text.equalsIgnoreCase("true")) {
            c.warning("open_reads", "open_reads: true opens every read to this machine without a token ("
                    + ControllerConfig.OpenRead.words() + "): any local user then reads the history (who did what, the"
                    + " operations' arguments, the comments) and the proposals; write open_reads: [status, health]"
                    + " (the default), or list the reads you mean to open");
            return ControllerConfig.ALL_READS;
        }
        if (text.equalsIgnoreCase("false")) {
            return Set.of();
        }
        c.error("open_reads", "'" + text + "' is not a list of reads: " + OPEN_READS_FORM);
        return ControllerConfig.DEFAULT_OPEN_READS;
    }

    private static List<ControllerConfig.Operator> operators(YamlMap c) {
        List<ControllerConfig.Operator> operators = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> hashes = new HashMap<>();
        for (YamlMap o : c.listOfMaps("operators", OPERATOR_KEYS, OPERATOR_HINTS)) {
            String name = o.required("name", "the operator's name, recorded with every action they take, e.g. name: alice");
            if (name != null && !ControllerConfig.Operator.isName(name)) {
                o.error("name", "'" + name + "' is not an operator name: " + ControllerConfig.Operator.NAME_RULE);
                name = null;
            }
            if (name != null) {
                Integer first = names.putIfAbsent(name, o.lineOf("name"));
                if (first != null) {
                    o.error("name", "'" + name + "' is also the operator at line " + first
                            + ": give each operator their own name (it says who acknowledged what)");
                    name = null;
                }
            }
            String hash = null;
            if (!o.has("token_sha256")) {
                o.missing("token_sha256", "the SHA-256 of the operator's token (64 hex characters); " + MAKE_TOKEN);
            } else {
                String text = o.string("token_sha256");
                if (text != null && !text.matches("[0-9A-Fa-f]{64}")) {
                    // never echo the value: it may be the token itself
                    o.error("token_sha256", "is not a SHA-256 (exactly 64 hex characters 0-9, a-f); " + MAKE_TOKEN);
                } else if (text != null) {
                    hash = text.toLowerCase(Locale.ROOT);
                    Integer first = hashes.putIfAbsent(hash, o.lineOf("token_sha256"));
                    if (first != null) {
                        o.error("token_sha256", "is also the token_sha256 at line " + first + ": each operator needs"
                                + " their own token, or the log cannot say who acted; " + MAKE_TOKEN);
                        hash = null;
                    }
                }
            }
            if (name != null && hash != null) {
                operators.add(new ControllerConfig.Operator(name, hash));
            }
        }
        return List.copyOf(operators);
    }
}
