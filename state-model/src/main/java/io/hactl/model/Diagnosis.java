package io.hactl.model;

/**
 * What one snapshot means, in one code and one sentence a person can read.
 *
 * @param master the node judged to be the DB master (or the active app node), null when none
 */
public record Diagnosis<C extends Enum<C>>(C code, Severity severity, String sentence, String master) {

    public static Diagnosis<DbCode> db(DbCode code, String master, String sentence) {
        return new Diagnosis<>(code, code.severity(), sentence, master);
    }

    public static Diagnosis<AppCode> app(AppCode code, String active, String sentence) {
        return new Diagnosis<>(code, code.severity(), sentence, active);
    }
}
