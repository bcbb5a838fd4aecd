package io.hactl.console;

import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /events}: the pair page's live updates (issue 17), a Server-Sent Events stream whose
 * event {@code pair} carries the page's live part, rendered again whenever what it shows changed
 * ({@link ConsolePublisher}); htmx's SSE extension swaps it into {@code #pair}. Any logged-in user
 * (the console chain lets no one else reach it); a user with {@value ConsolePublisher#PER_USER}
 * streams open is refused with 429 and told why.
 */
@Controller
public class ConsoleEvents {

    public static final String EVENTS = "/events";

    private final ConsolePublisher publisher;

    public ConsoleEvents(ConsolePublisher publisher) {
        this.publisher = publisher;
    }

    @GetMapping(EVENTS)
    public ResponseEntity<SseEmitter> events(Principal user) {
        SseEmitter stream = publisher.subscribe(user.getName());
        if (stream == null) {
            throw new TooManyStreams(user.getName());
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Accel-Buffering", "no")
                .body(stream);
    }

    /** 429, in words: which limit, and what to do. */
    @ExceptionHandler(TooManyStreams.class)
    public ResponseEntity<String> tooMany(TooManyStreams e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.RETRY_AFTER, "15").body(e.getMessage() + "\n");
    }

    /** A user asked for one stream more than {@link ConsolePublisher#PER_USER}. */
    static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String user) {
            super("too many live pages open for " + user + " (at most " + ConsolePublisher.PER_USER + "): close some"
                    + " console tabs; a closed page's stream ends within " + ConsolePublisher.HEARTBEAT.toSeconds()
                    + " s", null, false, false);
        }
    }
}
