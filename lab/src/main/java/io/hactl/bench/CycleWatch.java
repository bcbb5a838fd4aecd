package io.hactl.bench;

import io.hactl.control.ControllerService;
import io.hactl.control.ControllerStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the controller's status every 10 ms and records each new probe cycle's duration
 * ({@code lastCycleMillis}): a cycle far longer than the probe interval explains a slow
 * detection (the machine is loaded, a probe waited for its timeout).
 */
final class CycleWatch implements AutoCloseable {

    private final ControllerService controller;
    private final Thread thread;
    private final List<Long> durations = new ArrayList<>();
    private volatile boolean running = true;

    CycleWatch(ControllerService controller) {
        this.controller = controller;
        this.thread = new Thread(this::loop, "cycle-watch");
        this.thread.setDaemon(true);
    }

    CycleWatch start() {
        thread.start();
        return this;
    }

    private void loop() {
        long seen = -1;
        while (running) {
            ControllerStatus s = controller.status();
            if (s.cycles() != seen && s.lastCycleAt() != null) {
                seen = s.cycles();
                synchronized (durations) {
                    durations.add(s.lastCycleMillis());
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Each cycle's duration in ms, in order (a cycle that ended between two reads may be missed). */
    List<Long> durations() {
        synchronized (durations) {
            return List.copyOf(durations);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
