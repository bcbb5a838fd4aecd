package io.hactl.pair;

/**
 * An operation refused before it changed anything: why, and what the operator can do.
 * Commands print both and exit 2.
 */
public class Refused extends RuntimeException {

    private final String fix;
    private boolean reported;

    public Refused(String reason, String fix) {
        super(reason);
        this.fix = fix;
    }

    public String reason() {
        return getMessage();
    }

    public String fix() {
        return fix;
    }

    /** True once printed and logged by an {@code io.hactl.ops.Operation}; otherwise the command prints it. */
    public boolean reported() {
        return reported;
    }

    /** Called by the operation that printed and logged it (public since this package sits below ops). */
    public Refused markReported() {
        reported = true;
        return this;
    }
}
