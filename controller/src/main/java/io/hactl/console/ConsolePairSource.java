package io.hactl.console;

import io.hactl.control.ControllerService;
import java.time.Clock;

/**
 * Where the pair page's view comes from: the controller's status, its last probe snapshot and the
 * last operation's lines, read without waiting (each is what the controller published last). The
 * page and the live updates ask the same source, so both show the same thing.
 */
public class ConsolePairSource {

    private final ControllerService service;
    private final Clock clock;

    public ConsolePairSource(ControllerService service) {
        this.service = service;
        this.clock = Clock.systemUTC();
    }

    /** The pair as the controller knows it now. */
    public ConsolePairView view() {
        return ConsolePairView.of(service.status(), service.lastSnapshot().orElse(null), service.lastOperation(),
                clock.instant());
    }
}
