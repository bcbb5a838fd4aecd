package io.hactl.console;

import io.hactl.lab.browser.ConsoleBrowser;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;

/**
 * The console's screenshots for docs/console/ (PNG), written only when the run asks for them with
 * {@code -Dhactl.console.screenshots=docs/console} (a path relative to the repository, or absolute): a CI run
 * leaves the tree as it was. The README says how to refresh them.
 */
final class ConsoleScreenshots {

    /** The system property that names the directory. */
    static final String PROPERTY = "hactl.console.screenshots";

    private final Path dir;

    private ConsoleScreenshots(Path dir) {
        this.dir = dir;
    }

    /** From the system property; off when it is not set. The failsafe JVM runs in lab/: relative to its parent. */
    static ConsoleScreenshots fromSystemProperty() {
        String p = System.getProperty(PROPERTY, "").strip();
        if (p.isEmpty()) {
            return new ConsoleScreenshots(null);
        }
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        return new ConsoleScreenshots(repo.resolve(p));
    }

    /** Whether screenshots are written. */
    boolean on() {
        return dir != null;
    }

    /** {@code NAME.png} of the page {@code b} shows, at {@code size}; nothing when off. */
    void take(ConsoleBrowser b, String name, Dimension size) {
        if (dir != null) {
            b.screenshot(dir.resolve(name + ".png"), size);
            System.out.println("[console] screenshot " + dir.resolve(name + ".png"));
        }
    }
}
