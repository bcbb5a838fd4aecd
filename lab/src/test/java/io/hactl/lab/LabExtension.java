package io.hactl.lab;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests that need the two-node lab (tag them {@code @Tag("lab")}:
 * failsafe runs them in {@code mvn verify}, as root).
 *
 * <pre>
 * &#64;Tag("lab")
 * &#64;ExtendWith(LabExtension.class)
 * class FailoverIT {
 *     &#64;Test
 *     void masterDies(Lab lab) {          // or LabExtension.lab()
 *         lab.killMariadb("n1");
 *         ...
 *     }
 * }
 * </pre>
 *
 * <ul>
 *   <li>Before each test class: makes sure the lab is up. A running lab that
 *       {@code lab status} reports all up is reused (healed back to its baseline the
 *       first time, in case a previous run left it elsewhere); otherwise {@link Lab#up()}.
 *   <li>Test methods get the {@link Lab} as a parameter, or from {@link #lab()}.
 *   <li>After each test class: {@link Lab#heal()}, so the next class starts from the
 *       baseline (n1 master + VIPs + services, n2 replica caught up). When that heal returned,
 *       the next class starts at once: the lab's status is not asked again (~0.7-2 s a class, the
 *       lab was at its baseline a moment ago and nothing ran since; {@link Baseline}).
 *   <li>When the whole test run ends: {@link Lab#down()}, once, unless the environment
 *       has {@code HACTL_LAB_KEEP=1} (then the lab stays up for the next run or a look).
 * </ul>
 * Progress lines of up/heal/down go to stdout prefixed with "[lab]".
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);
    private static volatile Lab current;

    /** The lab of this test run; only valid in a class that uses this extension. */
    public static Lab lab() {
        Lab l = current;
        if (l == null) {
            throw new IllegalStateException("no lab: annotate the test class with @ExtendWith(LabExtension.class)");
        }
        return l;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedLab shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedLab.class, k -> new SharedLab(), SharedLab.class);
        shared.ensureUp();
        current = shared.lab;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SharedLab shared = context.getRoot().getStore(NAMESPACE).get(SharedLab.class, SharedLab.class);
        if (shared != null) {
            shared.lab.heal();
            shared.baseline.healed();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return lab();
    }

    /** One per test run (root store): closed by JUnit when the run ends. */
    static final class SharedLab implements ExtensionContext.Store.CloseableResource {
        /** Held for the whole test run: two test runs on one machine (one lab) take turns. */
        static final java.nio.file.Path RUN_LOCK = java.nio.file.Path.of("/run/lock/hactl-lab-tests.lock");

        final Lab lab = new Lab(line -> System.out.println("[lab] " + line));
        final Baseline baseline = new Baseline();
        private boolean checked;
        private java.nio.channels.FileChannel lockChannel;
        private java.nio.channels.FileLock lock;

        SharedLab() {
            try {
                java.nio.file.Files.createDirectories(RUN_LOCK.getParent());
                lockChannel = java.nio.channels.FileChannel.open(RUN_LOCK, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                lock = lockChannel.tryLock();
                if (lock == null) {
                    System.out.println("[lab] another test run holds " + RUN_LOCK + ": waiting for it to end");
                    lock = lockChannel.lock();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot take the lab test lock " + RUN_LOCK, e);
            }
        }

        synchronized void ensureUp() {
            if (!baseline.mustLook()) {
                return;
            }
            LabStatus s = lab.status();
            if (!s.allUp()) {
                System.out.println("[lab] not all up (" + String.join("; ", s.problems()) + "): lab up");
                lab.up();
            } else if (!checked) {
                lab.heal();
            }
            checked = true;
        }

        @Override
        public void close() throws java.io.IOException {
            try {
                if ("1".equals(System.getenv("HACTL_LAB_KEEP"))) {
                    System.out.println("[lab] HACTL_LAB_KEEP=1: leaving the lab up (" + lab.config() + ")");
                    return;
                }
                lab.down();
            } finally {
                lock.release();
                lockChannel.close();
            }
        }
    }

    /**
     * Whether a class's start must look at the lab: not right after the previous class's heal returned
     * (heal ends at the baseline or runs {@code lab up}, and throws when it cannot; the classes of one run
     * follow each other in one JVM, nothing runs between them). Counts for the next class only.
     */
    static final class Baseline {
        private boolean healedLast;

        synchronized void healed() {
            healedLast = true;
        }

        synchronized boolean mustLook() {
            boolean look = !healedLast;
            healedLast = false;
            return look;
        }
    }
}
