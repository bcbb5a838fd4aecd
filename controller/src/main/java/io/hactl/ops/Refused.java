package io.hactl.ops;

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

    /** True once printed and logged by an {@link Operation}; otherwise the command prints it. */
    public boolean reported() {
        return reported;
    }

    Refused markReported() {
        reported = true;
        return this;
    }
}
