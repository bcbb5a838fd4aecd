package io.hactl.console;

/** The web console's paths, as the security chains and the pages name them. */
public final class ConsolePaths {

    /** The pair at a glance (and, with the console off, how to turn it on). */
    public static final String HOME = "/";

    /** Every action a console operator may POST: ack, reject, switchover, unblock. */
    public static final String ACTIONS = "/actions/**";

    /** The console's style sheet and scripts: no secret in them, and the login page needs them. */
    public static final String STATIC = "/console/**";

    private ConsolePaths() {
    }
}
