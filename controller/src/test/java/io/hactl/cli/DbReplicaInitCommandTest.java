package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DbReplicaInitCommandTest {

    record Run(int exit, String out) {
    }

    static Run hactl(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return new Run(cl.execute(args), out.toString());
    }

    @Test
    void helpNamesTheOptionsAndExitCodes() {
        Run r = hactl("db-replica-init", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--node", "--dry-run", "--reason", "--timeout", "Exit codes:",
                "2    refused: nothing changed", "db-sync-check", "my.cnf");
    }

    @Test
    void helpNamesTheMethodsAndTheChecksOfThePhysicalCopy() {
        Run r = hactl("db-replica-init", "--help");
        assertThat(r.out()).contains("--method", "auto|physical|logical", "mariadb-backup", "free space",
                "database.server.start", "XtraBackup");
    }

    @Test
    void anUnknownMethodIsAUsageError_namingTheThree() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("db-replica-init", "--node", "n2", "--method", "fast")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--method fast", "auto, physical or logical");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(hactl("db-replica-init", "--bogus").exit()).isEqualTo(Main.USAGE);
    }
}
