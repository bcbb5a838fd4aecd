package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generated database's pure parts: the same rows every run, reused only for its own size and version. */
class BenchDataTest {

    @Test
    void blobPayload_isAFunctionOfTheRowNumber_neverRandom_ofTheAskedSize() {
        String e = BenchData.blobExpression(2048);
        assertThat(e).doesNotContainIgnoringCase("RAND");
        // 32 SHA-512 digests of 64 bytes each, each of the row's number and its own index
        assertThat(e.split("UNHEX\\(SHA2\\(CONCAT\\(seq, ", -1)).hasSize(33);
        assertThat(e).contains("'.0'").contains("'.31'").doesNotContain("'.32'");
    }

    @Test
    void theMarker_namesTheGeneratorAndTheSize_soAnotherSizeIsMadeAgain() {
        assertThat(BenchData.marker(20L << 20)).isEqualTo("hactl bench generator " + BenchData.GENERATOR + ": 20971520 bytes");
        assertThat(BenchData.marker(1L << 30)).isNotEqualTo(BenchData.marker(20L << 20));
    }

    /**
     * The database exists on n1 only: an ALTER DATABASE that reached n2 stopped its SQL thread ("Can't create/write
     * to file './hactl_bench/db.opt'"), and the heal after the bench waited 30 s, then ran lab up (CI, twice a run).
     */
    @Test
    void theMarker_isSetWithTheBinaryLogOff_soTheReplicaNeverSeesTheDatabase() {
        assertThat(BenchData.finish(20L << 20)).startsWith("SET SESSION sql_log_bin=0;")
                .contains("ALTER DATABASE " + BenchData.DB + " COMMENT '" + BenchData.marker(20L << 20) + "'");
    }

    @Test
    void thePlan_scalesTheRowsWithTheSize() {
        BenchData.Plan gb = BenchData.Plan.of(1L << 30);
        BenchData.Plan small = BenchData.Plan.of(20L << 20);
        assertThat(gb.orders()).isEqualTo(1073 * 3_600L);
        assertThat(small.blobs()).isEqualTo(20 * 55L);
        assertThat(BenchData.Plan.of(1).customers()).as("never empty").isEqualTo(750);
    }

    @Test
    void generated_describesWhatWasMeasured() {
        assertThat(new BenchData.Generated(false, 42.4, 900L << 20, 100L << 20, 1100L << 20).describe())
                .isEqualTo("generated hactl_bench on n1 in 42 s: 900 MB of data + 100 MB of indexes (information_schema),"
                        + " 1100 MB of files on disk");
        assertThat(new BenchData.Generated(true, 0, 1L << 20, 0, 2L << 20).describe()).startsWith("reused hactl_bench on n1:");
    }
}
