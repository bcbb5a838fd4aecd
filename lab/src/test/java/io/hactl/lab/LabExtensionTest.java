package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a test class's start looks at the lab (its status, then up or heal) and when the last class's heal is enough. */
class LabExtensionTest {

    @Test
    void theFirstClassLooksAtTheLab() {
        assertThat(new LabExtension.Baseline().mustLook()).isTrue();
    }

    @Test
    void aClassAfterOneWhoseHealReturned_doesNotAskTheLabsStatusAgain() {
        LabExtension.Baseline b = new LabExtension.Baseline();
        b.mustLook();
        b.healed();
        assertThat(b.mustLook()).isFalse();
    }

    @Test
    void aClassAfterOneWhoseHealDidNotReturn_looksAtTheLab() {
        LabExtension.Baseline b = new LabExtension.Baseline();
        b.mustLook();
        // the heal threw: healed() never called
        assertThat(b.mustLook()).isTrue();
    }

    @Test
    void aHealCountsForTheNextClassOnly() {
        LabExtension.Baseline b = new LabExtension.Baseline();
        b.healed();
        assertThat(b.mustLook()).isFalse();
        assertThat(b.mustLook()).isTrue();
    }
}
