package io.hactl.api;

import io.hactl.control.ActionResult;
import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.state.Proposal;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API: reads (status, leader, proposals, history) and actions (ack, reject, switchover,
 * unblock). Thin: parse, call the {@link ControllerService}, map its {@link ActionResult}
 * to an HTTP status ({@link HttpOutcomes}). Who acts comes from the {@link AuthFilter}.
 */
@RestController
@RequestMapping("/api")
public class ApiController {

    private final ControllerService service;
    private final Clock clock;

    public ApiController(ControllerService service) {
        this.service = service;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/status")
    public ControllerStatus status() {
        return service.status();
    }

    /**
     * The exit code {@code hactl status} gives for the answer of {@code GET /api/status/text}
     * ({@link ControllerRenderer#exitCode}).
     */
    public static final String EXIT_CODE_HEADER = "X-Hactl-Exit-Code";

    /**
     * {@code hactl status}'s report, rendered here ({@link ControllerRenderer#status}, the one rendering of a status),
     * its exit code in {@link #EXIT_CODE_HEADER}: what the launcher's quick status prints without parsing JSON or
     * starting picocli (issue 20, a status in 0.2 s). "controller at" names the address the client asked (its Host).
     */
    @GetMapping(value = "/status/text", produces = "text/plain;charset=UTF-8")
    public ResponseEntity<String> statusText(jakarta.servlet.http.HttpServletRequest request) {
        ControllerStatus s = service.status();
        String where = request.getServerName() + ":" + request.getServerPort();
        return ResponseEntity.ok().header(EXIT_CODE_HEADER, Integer.toString(ControllerRenderer.exitCode(s)))
                .body(ControllerRenderer.status(s, where, clock.instant()));
    }

    /** 200 on the leader, 503 on a follower or without a quorum ({@link LeaderAnswer}). */
    @GetMapping("/leader")
    public ResponseEntity<?> leader() {
        return LeaderAnswer.of(service.status());
    }

    @GetMapping("/proposals")
    public List<Proposal> proposals() {
        return service.proposals();
    }

    /**
     * The header of a {@code /api/history} answer when the reading skipped damaged lines: "2
     * damaged lines skipped (first at line 17)". The body stays the array of entries.
     */
    public static final String LOG_DAMAGE_HEADER = "X-Hactl-Log-Damage";

    @GetMapping("/history")
    public ResponseEntity<List<TransitionEntry>> history(@RequestParam(name = "since", required = false) String since) {
        TransitionLog.Contents c = service.history(Since.parse(since, clock));
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (c.damageNote() != null) {
            ok.header(LOG_DAMAGE_HEADER, c.damageNote());
        }
        return ok.body(c.entries());
    }

    @PostMapping("/proposals/{id}/ack")
    public ResponseEntity<ActionResult> ack(@PathVariable("id") String id,
                                            @RequestBody(required = false) ActionRequests.Decision body,
                                            @RequestAttribute(AuthFilter.OPERATOR) String operator) {
        return answer(service.ack(id, operator, body == null ? null : body.comment()), false);
    }

    @PostMapping("/proposals/{id}/reject")
    public ResponseEntity<ActionResult> reject(@PathVariable("id") String id,
                                               @RequestBody(required = false) ActionRequests.Decision body,
                                               @RequestAttribute(AuthFilter.OPERATOR) String operator) {
        return answer(service.reject(id, operator, body == null ? null : body.comment()), true);
    }

    @PostMapping("/switchover")
    public ResponseEntity<ActionResult> switchover(@RequestBody(required = false) ActionRequests.Switchover body,
                                                   @RequestAttribute(AuthFilter.OPERATOR) String operator) {
        if (body == null || body.node() == null || body.node().isBlank()) {
            throw new IllegalArgumentException("switchover: name the node to become master: {\"node\": \"n2\","
                    + " \"reason\": \"...\"} (hactl switchover --node N --reason TEXT)");
        }
        return answer(service.requestSwitchover(body.node().strip(), operator, body.reason()), false);
    }

    @PostMapping("/unblock")
    public ResponseEntity<ActionResult> unblock(@RequestBody(required = false) ActionRequests.Unblock body,
                                                @RequestAttribute(AuthFilter.OPERATOR) String operator) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new IllegalArgumentException("unblock: say why the anti-flapping block may be lifted:"
                    + " {\"reason\": \"...\"} (hactl unblock --reason TEXT); it goes to the transition log");
        }
        return answer(service.unblock(operator, body.reason()), true);
    }

    private static ResponseEntity<ActionResult> answer(ActionResult result, boolean immediate) {
        return ResponseEntity.status(HttpOutcomes.status(result, immediate)).body(result);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ApiError> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(new ApiError("bad-request", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ApiError("bad-request", "the request body is not the JSON"
                + " expected (e.g. {\"comment\": \"...\"}): " + e.getMostSpecificCause().getMessage()));
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<ApiError> failure(RuntimeException e) {
        return ResponseEntity.status(500).body(new ApiError("controller-error", "the controller failed to answer: "
                + e.getMessage() + " (its log: journalctl -u hactl-controller; the transition log: hactl history)"));
    }
}
