package io.hactl.check;

import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnosis;
import io.hactl.model.Diagnoser;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.Severity;

/**
 * What {@code hactl check} reports: the snapshot, the two diagnoses and the exit code
 * (0 healthy, 1 warnings, 2 critical). Serialised as-is for {@code --json}
 * (schema in docs/check-json.md).
 */
public record CheckReport(int schemaVersion, String cluster, String config, ProbeSnapshot snapshot,
                          Diagnosis<DbCode> db, Diagnosis<AppCode> app, Severity severity, int exitCode) {

    public static final int SCHEMA_VERSION = 1;

    public static CheckReport of(String config, ProbeSnapshot snapshot, Diagnoser diagnoser) {
        Diagnosis<DbCode> db = diagnoser.diagnoseDb(snapshot);
        Diagnosis<AppCode> app = diagnoser.diagnoseApp(snapshot);
        Severity worst = Severity.worst(db.severity(), app.severity());
        return new CheckReport(SCHEMA_VERSION, snapshot.cluster(), config, snapshot, db, app, worst, worst.exitCode());
    }
}
