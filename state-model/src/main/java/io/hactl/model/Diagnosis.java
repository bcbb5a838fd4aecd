package io.hactl.model;

/**
 * What one snapshot means, in one code and one sentence a person can read.
 *
 * @param master the node judged to be the DB master (or the active app node), null when none
 * @param errant transactions the other node has and the master lacks (named in the sentence too);
 *               null when none, always null for the application
 */
public record Diagnosis<C extends Enum<C>>(C code, Severity severity, String sentence, String master, Errant errant) {

    public static Diagnosis<DbCode> db(DbCode code, String master, String sentence) {
        return db(code, master, sentence, null);
    }

    public static Diagnosis<DbCode> db(DbCode code, String master, String sentence, Errant errant) {
        return new Diagnosis<>(code, code.severity(), sentence, master, errant);
    }

    public static Diagnosis<AppCode> app(AppCode code, String active, String sentence) {
        return new Diagnosis<>(code, code.severity(), sentence, active, null);
    }
}
