package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The free-space rule before a physical copy: data size plus a margin, or a refusal with the numbers. */
class FreeSpaceTest {

    static final long MB = 1024L * 1024;
    static final long GB = 1024 * MB;

    @Test
    void margin_isTheConfiguredOne_orATenthOfTheData_whicheverIsLarger() {
        assertThat(FreeSpace.required(10 * GB, 1 * GB)).isEqualTo(11 * GB);
        assertThat(FreeSpace.required(100 * GB, 1 * GB)).isEqualTo(110 * GB);
        assertThat(FreeSpace.required(18 * MB, 1 * GB)).isEqualTo(18 * MB + GB);
    }

    @Test
    void enoughRoom_goesOn() {
        assertThat(FreeSpace.refusal("n2", "/var/lib/mysql.hactl-new", 50 * GB, 10 * GB, GB)).isNull();
    }

    @Test
    void tooLittleRoom_isRefused_namingTheNodeTheDirectoryAndTheNumbers() {
        FreeSpace.Refusal r = FreeSpace.refusal("n2", "/var/lib", 5 * GB, 10 * GB, GB);
        assertThat(r.reason()).isEqualTo("n2 has 5.0 GB free in /var/lib, the copy needs 11.0 GB (the master's 10.0 GB"
                + " of data + a margin of 1.0 GB)");
        assertThat(r.fix()).contains("free 6.0 GB on n2").contains("database.server.free_margin_mb")
                .contains("--method logical");
    }
}
