package io.hactl.check;

import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnosis;
import io.hactl.model.Diagnoser;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.SemiSync;
import io.hactl.model.Severity;

/**
 * What {@code hactl check} reports: the snapshot, the two diagnoses, the pair's semi-synchronous
 * replication (a problem there is a warning: acknowledged writes can be lost with the master's
 * node) and the exit code (0 healthy, 1 warnings, 2 critical). Serialised as-is for {@code --json}
 * (schema in docs/check-json.md).
 */
public record CheckReport(int schemaVersion, String cluster, String config, ProbeSnapshot snapshot,
                          Diagnosis<DbCode> db, Diagnosis<AppCode> app, SemiSync.Assessment semiSync,
                          Severity severity, int exitCode) {

    public static final int SCHEMA_VERSION = 1;

    public static CheckReport of(String config, ProbeSnapshot snapshot, Diagnoser diagnoser) {
        Diagnosis<DbCode> db = diagnoser.diagnoseDb(snapshot);
        Diagnosis<AppCode> app = diagnoser.diagnoseApp(snapshot);
        SemiSync.Assessment semiSync = semiSync(snapshot, db.master(), db.code() == DbCode.HEALTHY);
        Severity worst = Severity.worst(Severity.worst(db.severity(), app.severity()),
                semiSync.ok() ? Severity.OK : Severity.WARNING);
        return new CheckReport(SCHEMA_VERSION, snapshot.cluster(), config, snapshot, db, app, semiSync, worst,
                worst.exitCode());
    }

    /** The master's and the other node's semi-sync, each as read (a node not responding: not said). */
    static SemiSync.Assessment semiSync(ProbeSnapshot s, String master, boolean inSync) {
        NodeProbe m = master == null ? null : s.nodes().stream().filter(n -> n.name().equals(master)).findFirst()
                .orElse(null);
        NodeProbe r = s.nodes().stream().filter(n -> !n.name().equals(master)).findFirst().orElse(null);
        return SemiSync.assess(m == null ? null : m.name(), m == null || !m.db().responding() ? null : m.db().semiSync(),
                r == null ? null : r.name(), r == null || !r.db().responding() ? null : r.db().semiSync(), inSync);
    }
}
