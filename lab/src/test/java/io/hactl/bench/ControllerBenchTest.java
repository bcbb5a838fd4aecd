package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench says per run how the failure was decided, from the proposal's sentence (issue 20). */
class ControllerBenchTest {

    @Test
    void eachRunSaysWhetherTheCrashWasDecidedAtOnceOrAfterDownAfter() {
        assertThat(ControllerBench.decidedHow("MASTER DOWN: master n1 crashed, decided on definitive evidence"
                + " (1 cycle(s), 0.4 s): its host answers")).isEqualTo("at once (a crash: definitive evidence, 1 failed"
                + " cycle(s))");
        assertThat(ControllerBench.decidedHow("MASTER DOWN: master n1 has not answered for 1.2 s (2 cycles) and"
                + " replica n2 confirms")).isEqualTo("after failover.down_after (2 failed cycle(s))");
    }
}
