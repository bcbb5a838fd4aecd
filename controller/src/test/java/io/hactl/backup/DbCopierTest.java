package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

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
}
