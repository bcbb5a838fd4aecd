package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DbCopierTest {

    @Test
    void tablesAreSplitBySizeBiggestFirst() {
        List<String> t = List.of("a", "b", "c", "d", "e");
        List<Long> s = List.of(400L, 100L, 300L, 200L, 0L);
        assertThat(DbCopier.groups(t, s, 2)).containsExactly(List.of("a", "b", "e"), List.of("c", "d"));
        assertThat(DbCopier.groups(t, s, 1)).containsExactly(List.of("a", "c", "d", "b", "e"));
        assertThat(DbCopier.groups(List.of("only"), List.of(5L), 4)).containsExactly(List.of("only"));
    }

    /** Issue 12 item 2, "Option injection into mariadb-dump": names from information_schema are data, not options. */
    @Test
    void optionInjectionIntoMariadbDumpTableAndViewNamesComeAfterEndOfOptions() {
        List<String> t = DbCopier.tableStream("db", List.of("a", "b-c"));
        assertThat(t.subList(t.size() - 4, t.size())).containsExactly("--", "db", "a", "b-c");
        assertThat(t.indexOf("--")).isEqualTo(t.size() - 4);
        List<String> v = DbCopier.lastStream("db", List.of("v1"));
        assertThat(v.subList(v.size() - 3, v.size())).containsExactly("--", "db", "v1");
        List<String> none = DbCopier.lastStream("db", List.of());
        assertThat(none.subList(none.size() - 2, none.size())).containsExactly("--", "db");
    }

    @Test
    void optionInjectionIntoMariadbDumpANameStartingWithADashIsRefusedNamingItAndTheWayOut() {
        assertThatThrownBy(() -> DbCopier.tableStream("db", List.of("ok", "--result-file=/tmp/x")))
                .isInstanceOf(DbToolException.class)
                .hasMessageContaining("table '--result-file=/tmp/x' of db starts with '-'")
                .hasMessageContaining("--parallel 1")
                .hasMessageContaining("RENAME TABLE");
        assertThatThrownBy(() -> DbCopier.lastStream("db", List.of("-v")))
                .isInstanceOf(DbToolException.class).hasMessageContaining("view '-v' of db");
        assertThat(DbCopier.unsafeName(List.of("a", "-b", "c"))).isEqualTo("-b");
        assertThat(DbCopier.unsafeName(List.of("a", "b-"))).isNull();
    }
}
