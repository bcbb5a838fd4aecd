package io.hactl.coordination;

/**
 * The answer to "may this controller start a step now?": granted with the epoch the step carries,
 * or refused with the reason in a sentence ("ZooKeeper connection SUSPENDED since 12:00:01; not
 * starting steps").
 */
public record StepPermission(Epoch epoch, String refusal) {

    /** Granted; {@code epoch} null for a controller without coordination (its steps carry none). */
    public static StepPermission granted(Epoch epoch) {
        return new StepPermission(epoch, null);
    }

    public static StepPermission refused(String why) {
        return new StepPermission(null, why);
    }

    public boolean granted() {
        return refusal == null;
    }
}
