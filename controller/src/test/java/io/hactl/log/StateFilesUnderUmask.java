package io.hactl.log;

import io.hactl.db.GtidMemory;
import io.hactl.log.TransitionEntry.Events;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.pair.PairLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A second process for {@link StateFilesTest}, started under {@code umask 000}: writes every
 * kind of file hactl keeps in the state directory given as its argument (it creates the
 * directory), plus {@code umask-probe}, created without a mode, which shows the umask in force.
 * The pair's lock is left held: the process ends with it, as after a crash, so operation.json stays.
 */
public final class StateFilesUnderUmask {

    private StateFilesUnderUmask() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        new TransitionLog(state).append(TransitionEntry.controller(Instant.now(), "pair1", Events.CONTROLLER_START,
                null, null, "pid " + ProcessHandle.current().pid(), null, "controller", null));
        PairLock.acquire(state, "db-master-set", "a1b2c3d4", "alice@ops1");
        PairLock.markMaintenance(state, "backup", "b5c6d7e8", "bob@ops1");
        new GtidMemory(state, "pair1").record("n1", new GtidMemory.Seen(Instant.now(), Flavor.MARIADB, "0-1-5", null,
                false, false, "check"));
        Files.createFile(state.resolve("umask-probe"));
        System.out.println("written");
    }
}
