package io.hactl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.api.ApiClient;
import io.hactl.config.HactlConfig;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One action sent to the running controller (ack, reject, switchover, unblock): the token,
 * the POST, the answer printed, the exit code: 0 accepted (or recorded for the leader by a controller
 * that does not lead), 2 refused or not found, 1 failed (or no controller answering, or no leader), 3 no usable token, token not accepted, or a bad request.
 * And the reads (status, proposals): a GET with a token if one is at hand, asked for when needed.
 */
final class ControllerCall {

    static final Duration CONNECT = Duration.ofSeconds(1);
    /** Reads answer from memory: a controller that takes longer is stuck. */
    static final Duration READ = Duration.ofSeconds(3);
    /** An ack may run its operation before answering. */
    static final Duration ACTION = Duration.ofMinutes(2);

    private ControllerCall() {
    }

    static int action(String command, HactlConfig cfg, ApiOptions opts, String path, Object body, PrintWriter out,
                      PrintWriter err) {
        String token;
        try {
            token = opts.tokens.forAction(opts.tokenFile);
        } catch (TokenSource.TokenException e) {
            err.println(command + ": " + e.getMessage());
            err.flush();
            return 3;
        }
        ApiClient client = opts.client(cfg.controller(), ACTION);
        ApiClient.Reply reply;
        try {
            reply = client.post(path, body, token);
        } catch (ApiClient.Unreachable e) {
            err.println(command + ": " + e.getMessage() + ": nothing was done; start it (systemctl start"
                    + " hactl-controller) or check controller.listen_address/port in " + cfg.source());
            err.flush();
            return 1;
        }
        int code = exitCode(reply);
        if (opts.json && reply.json() != null) {
            out.println(pretty(withConfig(reply.json(), cfg.source())));
        } else {
            PrintWriter w = code == 0 ? out : err;
            w.println(ControlChars.escape(command + ": " + word(reply) + ": " + reply.message()));
            JsonNode op = reply.json() == null ? null : reply.json().get("operationId");
            if (op != null && !op.isNull()) {
                w.println("  follow it: hactl history --operation " + op.asText());
            }
            if (code == 2 || "UNAVAILABLE".equals(word(reply))) {
                w.println("  nothing was changed.");
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    /** What a read does with the controller's answer: print it, give the exit code. */
    interface Answered {
        int print(Path config, JsonNode json, String where, PrintWriter out) throws Exception;
    }

    /** A --json answer with {@code "config"}, the file read, when it is an object (as every command's --json says it). */
    static JsonNode withConfig(JsonNode json, Path config) {
        if (json instanceof ObjectNode o) {
            o.put("config", config.toString());
        }
        return json;
    }

    /** What a read does when no controller answers ({@code why}): status runs a check, proposals says to start one. */
    interface Offline {
        int handle(HactlConfig cfg, String why, PrintWriter out, PrintWriter err) throws Exception;
    }

    /**
     * A read (GET {@code path}) of the running controller: only the controller's address read
     * from the config (3 if what it reads is bad; the whole config, checked as every command
     * checks it, when no controller answers: issue 20, a status in ≤ 0.2 s), a token
     * if one is at hand without asking (status is open on loopback by default); when the
     * controller wants one (401: the read is not in its {@code open_reads}, e.g. proposals by
     * default) it is asked for on the console, as for an action, and the read sent again; the
     * answer given to {@code answered}; an answer with no JSON is said on err (exit 3 no token
     * or the token was refused, else 1).
     */
    static int read(String command, String path, ConfigOption configOption, ApiOptions opts, CommandSpec spec,
                    Offline offline, Answered answered) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            // --json: the JSON carries the config (an object) or the line goes to stderr (a list). Only the
            // controller's address is read: the whole config (its binding) only when no controller answers.
            ConfigOption.ControllerAddress cfg = configOption.loadController(command, err, opts.json ? null : out);
            if (cfg == null) {
                return 3;
            }
            String token;
            try {
                token = opts.tokens.withoutPrompt(opts.tokenFile).orElse(null);
            } catch (TokenSource.TokenException e) {
                err.println(command + ": not sending a token: " + e.getMessage());
                token = null;
            }
            ApiClient client = opts.client(cfg.controller(), READ);
            ApiClient.Reply reply;
            try {
                reply = client.get(path, token);
                if (reply.status() == 401 && token == null) {
                    // this read is not in the controller's open_reads: ask, as an action does
                    try {
                        token = opts.tokens.forAction(null);
                    } catch (TokenSource.TokenException e) {
                        err.println(command + ": the controller at " + client.where() + " needs an operator's token for GET "
                                + path + " (controller.open_reads does not open it): " + e.getMessage());
                        return 3;
                    }
                    reply = client.get(path, token);
                }
            } catch (ApiClient.Unreachable e) {
                HactlConfig whole = configOption.load(command, err, null);   // "config:" said already
                return whole == null ? 3 : offline.handle(whole, e.getMessage(), out, err);
            }
            if (!reply.ok() || reply.json() == null) {
                err.println(ControlChars.escape(command + ": the controller at " + client.where() + " answered HTTP "
                        + reply.status() + ": " + reply.message()));
                return reply.status() == 401 || reply.status() == 403 ? 3 : 1;
            }
            return answered.print(cfg.source(), reply.json(), client.where(), out);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** What the answer means for the exit code. */
    static int exitCode(ApiClient.Reply reply) {
        String outcome = reply.json() != null && reply.json().hasNonNull("outcome") ? reply.json().get("outcome").asText() : null;
        if (outcome != null) {
            return switch (outcome) {
                case "ACCEPTED", "RECORDED" -> 0;
                case "REFUSED", "NOT_FOUND" -> 2;
                default -> 1;
            };
        }
        return switch (reply.status()) {
            case 400, 401, 403 -> 3;
            case 404 -> 2;
            default -> reply.ok() ? 0 : 1;
        };
    }

    private static String word(ApiClient.Reply reply) {
        JsonNode o = reply.json() == null ? null : reply.json().get("outcome");
        if (o != null && !o.isNull()) {
            return o.asText();
        }
        return switch (reply.status()) {
            case 401 -> "NO TOKEN";
            case 403 -> "TOKEN NOT ACCEPTED";
            case 400 -> "BAD REQUEST";
            default -> "HTTP " + reply.status();
        };
    }

    static String pretty(JsonNode json) {
        try {
            return ApiClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }
}
