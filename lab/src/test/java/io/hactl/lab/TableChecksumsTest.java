package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableChecksumsTest {

    @Test
    void parsesTheClientsBatchOutputWithoutTheDatabaseName() {
        TableChecksums t = TableChecksums.parse("n1", "hactl_demo.switch_writes\t2136906989\nhactl_demo.demo_writes\t4106897133\n");
        assertThat(t.sums()).containsExactly(Map.entry("demo_writes", "4106897133"),
                Map.entry("switch_writes", "2136906989"));
        assertThat(t.describe()).isEqualTo("2 tables");
    }

    @Test
    void sameTablesSameSumsNoDifference() {
        TableChecksums a = TableChecksums.parse("n1", "hactl_demo.t\t12\n");
        TableChecksums b = TableChecksums.parse("n2", "hactl_demo.t\t12\n");
        assertThat(a.differences(b)).isEmpty();
    }

    @Test
    void aDifferentSumAndATableOnlyOneNodeHasAreNamedWithBothSides() {
        TableChecksums a = TableChecksums.parse("n1", "hactl_demo.demo_writes\t1903203317\nhactl_demo.only_n1\t5\n");
        TableChecksums b = TableChecksums.parse("n2", "hactl_demo.demo_writes\t4106897133\nhactl_demo.only_n2\t7\n");
        assertThat(a.differences(b)).containsExactly("demo_writes (n1 1903203317, n2 4106897133)",
                "only_n1 (n1 5, n2 missing)", "only_n2 (n1 missing, n2 7)");
    }

    @Test
    void aNullSumIsNeverEqual() {
        TableChecksums a = TableChecksums.parse("n1", "hactl_demo.gone\tNULL\n");
        TableChecksums b = TableChecksums.parse("n2", "hactl_demo.gone\tNULL\n");
        assertThat(a.differences(b)).containsExactly("gone (n1 NULL, n2 NULL)");
    }

    @Test
    void aLineWithoutASumIsRefusedNamingIt() {
        assertThatThrownBy(() -> TableChecksums.parse("n2", "garbage"))
                .hasMessageContaining("n2").hasMessageContaining("garbage");
    }
}
