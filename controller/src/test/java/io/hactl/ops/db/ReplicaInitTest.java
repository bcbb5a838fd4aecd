package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The accounts advice of db-replica-init: what the copy of one database does not bring. */
class ReplicaInitTest {

    static final List<String> HACTL = List.of("hactl", "repl");

    @Test
    void theApplicationsAccountMissingOnTheNodeIsNamed() {
        List<String> master = List.of("'app'@'198.51.100.%'", "'root'@'localhost'", "'mariadb.sys'@'localhost'",
                "'mysql'@'localhost'", "'hactl'@'198.51.100.1'", "'repl'@'198.51.100.12'", "'report'@'10.0.0.%'");
        List<String> node = List.of("'root'@'localhost'", "'mariadb.sys'@'localhost'", "'hactl'@'198.51.100.1'");
        assertThat(ReplicaInit.missingAccounts(master, node, HACTL))
                .isEqualTo("'app'@'198.51.100.%', 'report'@'10.0.0.%'");
    }

    @Test
    void sameAccountsOrOnlyTheServersOwnIsNothing() {
        List<String> both = List.of("'app'@'198.51.100.%'", "'root'@'localhost'");
        assertThat(ReplicaInit.missingAccounts(both, both, HACTL)).isEmpty();
        assertThat(ReplicaInit.missingAccounts(List.of("'mysql.session'@'localhost'", "''@'localhost'",
                "'PUBLIC'@''"), List.of(), HACTL)).isEmpty();
    }

    @Test
    void theSameUserFromAnotherHostCountsAsMissing() {
        assertThat(ReplicaInit.missingAccounts(List.of("'app'@'198.51.100.%'"), List.of("'app'@'localhost'"), HACTL))
                .isEqualTo("'app'@'198.51.100.%'");
    }
}
