package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DbReplicaInitCommandTest {

    static CheckLabIT.Run hactl(String... args) {
        return CheckLabIT.hactl(args);
    }

    @Test
    void helpNamesTheOptionsAndExitCodes() {
        CheckLabIT.Run r = hactl("db-replica-init", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--node", "--dry-run", "--reason", "--timeout", "Exit codes:",
                "2    refused: nothing changed", "db-sync-check", "my.cnf");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(hactl("db-replica-init", "--bogus").exit()).isEqualTo(Main.USAGE);
    }
}
