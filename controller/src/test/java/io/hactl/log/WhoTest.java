package io.hactl.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who the transition log says acted: the real uid's user first; SUDO_USER only beside root. */
class WhoTest {

    @Test
    void sudoUserAloneDoesNotDecideWho() {
        assertThat(Who.of("root", "alice", "db1")).as("sudo from alice").isEqualTo("root (sudo by alice)@db1");
        assertThat(Who.of("bob", "alice", "db1")).as("anyone can export SUDO_USER: not believed").isEqualTo("bob@db1");
        assertThat(Who.of("root", null, "db1")).isEqualTo("root@db1");
        assertThat(Who.of("root", "", "db1")).isEqualTo("root@db1");
        assertThat(Who.of("root", "root", "db1")).as("sudo from root: nothing to add").isEqualTo("root@db1");
        assertThat(Who.of("bob", null, "db1")).isEqualTo("bob@db1");
        assertThat(Who.of("root", "al\u001b[2Jice x", "db1")).as("not a user name: shown escaped, never raw")
                .isEqualTo("root (sudo by \"al\\x1b[2Jice x\")@db1");
    }
}
