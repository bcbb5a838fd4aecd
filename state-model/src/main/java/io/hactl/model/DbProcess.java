package io.hactl.model;

/**
 * Whether the node's database server process runs, as the node's own shell sees it: the PID in
 * the server's pid file ({@code @@pid_file}, remembered while the server answered) and whether
 * that PID is a live mariadbd/mysqld in /proc. Never by matching process names: on a host with
 * other servers (the lab's nodes share one PID space) a name matches the wrong one.
 *
 * @param running whether the pid file names a live mariadbd/mysqld
 * @param pid     the PID the pid file names, null when there is no pid file
 * @param pidFile the pid file read
 */
public record DbProcess(boolean running, Long pid, String pidFile) {

    /** What was seen, for a sentence: "no mariadbd process (pid 4242 from /x/mariadbd.pid is gone)". */
    public String words() {
        if (running) {
            return "its server process runs (pid " + pid + " from " + pidFile + ")";
        }
        return "no mariadbd/mysqld process (" + (pid == null ? "no pid file " + pidFile
                : "pid " + pid + " from " + pidFile + " is not a running mariadbd/mysqld") + ")";
    }
}
