package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.db.RebuildMethod.Kind;
import org.junit.jupiter.api.Test;

/** --method auto|physical|logical: which copy a rebuild makes, and the sentence that says why. */
class MethodChoiceTest {

    static final String MB_1011 = "mariadb-backup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu (x86_64)";
    static final String MB_1006 = "mariadb-backup based on MariaDB server 10.6.18-MariaDB debian-linux-gnu (x86_64)";

    static MethodChoice.Facts facts(Flavor f, String nodeTool, String masterTool, boolean serverConfigured) {
        return new MethodChoice.Facts("n2", "n1", f, "10.11.19-MariaDB-0+deb12u1", "10.11.19-MariaDB-0+deb12u1",
                nodeTool, masterTool, serverConfigured);
    }

    @Test
    void auto_choosesPhysical_whenBothNodesHaveMariadbBackupOfTheServersMajorVersion_andSaysWhy() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, facts(Flavor.MARIADB, MB_1011, MB_1011, true));
        assertThat(c.kind()).isEqualTo(Kind.PHYSICAL);
        assertThat(c.refusal()).isNull();
        assertThat(c.why()).isEqualTo("physical (--method auto): n2 and n1 both have mariadb-backup 10.11, the"
                + " servers' major version");
    }

    @Test
    void auto_choosesLogical_whenMariadbBackupIsMissingOnANode_namingTheNodeAndThePackage() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, facts(Flavor.MARIADB, null, MB_1011, true));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).isEqualTo("logical (--method auto): n2 has no mariadb-backup (Debian package"
                + " mariadb-backup; install it on both nodes for the physical copy)");
    }

    @Test
    void auto_choosesLogical_whenTheVersionsOfMariadbBackupDiffer() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, facts(Flavor.MARIADB, MB_1006, MB_1011, true));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).contains("n2 has mariadb-backup 10.6, n1 10.11");
    }

    @Test
    void auto_choosesLogical_whenTheConfigDoesNotSayHowToStopAndStartTheServer() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, facts(Flavor.MARIADB, MB_1011, MB_1011, false));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).contains("database.server.start and database.server.stop");
    }

    @Test
    void auto_choosesLogical_onMySql_becauseXtraBackupIsNotPackagedHere() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, facts(Flavor.MYSQL, null, null, true));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).contains("MySQL").contains("Percona XtraBackup");
    }

    @Test
    void logical_isAlwaysTaken_asAsked() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.LOGICAL, facts(Flavor.MARIADB, MB_1011, MB_1011, true));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).isEqualTo("logical (--method logical): as asked");
    }

    @Test
    void physical_whenImpossible_isARefusalWithTheFix_notASilentLogicalCopy() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.PHYSICAL, facts(Flavor.MARIADB, MB_1011, null, true));
        assertThat(c.refusal()).isNotNull();
        assertThat(c.refusal().reason()).isEqualTo("--method physical: n1 has no mariadb-backup (Debian package"
                + " mariadb-backup; install it on both nodes for the physical copy)");
        assertThat(c.refusal().fix()).contains("apt-get install mariadb-backup").contains("--method logical");
    }

    @Test
    void majorVersion_ofAToolLineOrAServerVersion() {
        assertThat(MethodChoice.major(MB_1011)).isEqualTo("10.11");
        assertThat(MethodChoice.major("10.11.19-MariaDB-0+deb12u1")).isEqualTo("10.11");
        assertThat(MethodChoice.major("8.0.36")).isEqualTo("8.0");
        assertThat(MethodChoice.major("bash: mariadb-backup: command not found")).isNull();
    }
}
