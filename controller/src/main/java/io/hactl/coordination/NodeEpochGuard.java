package io.hactl.coordination;

/**
 * The node's half of fencing: a POSIX shell snippet that the SSH command of every step that changes
 * a node starts with. On the node it reads {@code <state_dir>/epoch}, the highest epoch a step there
 * has carried, and
 * <ul>
 * <li>refuses the step (exit {@value #REFUSED_EXIT}, EX_TEMPFAIL, one line on stderr naming both
 * epochs) when that number is higher than the step's: a newer leader has acted here, so this
 * controller was deposed (a GC pause, a partition) and must change nothing;
 * <li>else records the step's epoch (written to a temporary file, synced, renamed over the old one)
 * and lets the command run.
 * </ul>
 * The read-compare-write runs under {@code flock} of {@code <state_dir>/epoch.lock}, so two
 * controllers acting at once cannot lower the number. It guards a step's start: a step that passed
 * it before a newer leader's first step on the node finishes; the newer leader's steps re-probe first.
 *
 * <p>Pure: builds text, runs nothing. The epoch is a number from this code; the state directory and
 * the node name still go into the script quoted.
 */
public final class NodeEpochGuard {

    /** The exit code of a refused step (sysexits EX_TEMPFAIL). */
    public static final int REFUSED_EXIT = 75;
    public static final String EPOCH_FILE = "epoch";
    public static final String LOCK_FILE = "epoch.lock";
    /** How long a step waits for another step's check of the epoch file on the same node. */
    static final int LOCK_WAIT_SECONDS = 10;

    private final String stateDir;
    private final String node;

    /**
     * @param stateDir the state directory on the node (hactl's {@code state_directory})
     * @param node     the node's name, for the messages
     */
    public NodeEpochGuard(String stateDir, String node) {
        this.stateDir = stateDir;
        this.node = node;
    }

    /** The snippet, ending with a newline: the step's command follows it in the same script. */
    public String prefix(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch " + epoch + " is not a leader's epoch (they start at 1)");
        }
        String refused = "echo \"hactl: refused on $hactl_node: ";
        return "hactl_dir=" + quote(stateDir) + "; hactl_node=" + quote(node) + "; hactl_epoch="
                + quote(Long.toString(epoch)) + "\n"
                + "mkdir -p -- \"$hactl_dir\" || { " + refused + "cannot create the state directory $hactl_dir\" >&2; "
                + "exit " + REFUSED_EXIT + "; }\n"
                + "( flock -w " + LOCK_WAIT_SECONDS + " 9 || { " + refused + "$hactl_dir/" + LOCK_FILE
                + " stayed locked for " + LOCK_WAIT_SECONDS + " s; the step of epoch $hactl_epoch did not start\" >&2; "
                + "exit " + REFUSED_EXIT + "; }\n"
                + "  hactl_seen=0\n"
                + "  if [ -e \"$hactl_dir/" + EPOCH_FILE + "\" ]; then hactl_seen=$(tr -d '[:space:]' < \"$hactl_dir/"
                + EPOCH_FILE + "\") || exit " + REFUSED_EXIT + "; fi\n"
                // not digits, or too long for the shell's arithmetic (19 characters and more)
                + "  case $hactl_seen in ''|*[!0-9]*|???????????????????*) " + refused + "$hactl_dir/" + EPOCH_FILE
                + " holds '$hactl_seen', not an epoch; write the current epoch into it (hactl status shows it)\" >&2; "
                + "exit " + REFUSED_EXIT + ";; esac\n"
                + "  if [ \"$hactl_seen\" -gt \"$hactl_epoch\" ]; then " + refused + "this node has seen epoch "
                + "$hactl_seen, the step carries epoch $hactl_epoch: a newer leader exists; nothing changed\" >&2; "
                + "exit " + REFUSED_EXIT + "; fi\n"
                + "  if [ \"$hactl_seen\" -lt \"$hactl_epoch\" ]; then\n"
                + "    printf '%s\\n' \"$hactl_epoch\" > \"$hactl_dir/" + EPOCH_FILE + ".tmp\" && { sync -- \"$hactl_dir/"
                + EPOCH_FILE + ".tmp\" 2>/dev/null || :; } && mv -f -- \"$hactl_dir/" + EPOCH_FILE + ".tmp\" \"$hactl_dir/"
                + EPOCH_FILE + "\" || { " + refused + "could not write $hactl_dir/" + EPOCH_FILE + "\" >&2; exit "
                + REFUSED_EXIT + "; }\n"
                + "  fi\n"
                + ") 9>>\"$hactl_dir/" + LOCK_FILE + "\" || exit " + REFUSED_EXIT + "\n";
    }

    /** The snippet followed by the step's command. */
    public String wrap(long epoch, String command) {
        return prefix(epoch) + command;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
