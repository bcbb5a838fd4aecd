package io.hactl.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharsTest {

    @Test
    void controlCharactersBecomeVisibleAndTheRestIsKept() {
        assertThat(ControlChars.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(ControlChars.escape("\u001b[2J\u0000\u0007\u007f\u0085\u009b")).isEqualTo("\\x1b[2J\\x00\\x07\\x7f\\x85\\x9b");
        assertThat(ControlChars.escape("x\u202ey\u2028z\u2066")).isEqualTo("x\\u202ey\\u2028z\\u2066");
        String plain = "n1's disk is dead — 19:02 «ok» é 漢字 C:\\path";
        assertThat(ControlChars.escape(plain)).isSameAs(plain);
        assertThat(ControlChars.escape(null)).isNull();
        String once = ControlChars.escape("a\u001bb\n");
        assertThat(ControlChars.escape(once)).as("escaping twice changes nothing more").isEqualTo(once);
    }
}
