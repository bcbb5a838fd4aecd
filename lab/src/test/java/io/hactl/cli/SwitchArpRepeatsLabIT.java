package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 20, "help clients find the new master": after a planned switch (database only, so the
 * command exits within a second of the DB VIP's add), the gratuitous ARP for the DB VIP reaches
 * the bridge from the new master four times: with the add, then at +200 ms, +500 ms and +1 s,
 * sent by the node itself, detached from the command's session (before, repeats timed in the
 * CLI's JVM were cut when it exited). Heard in the root namespace with a raw ARP socket.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class SwitchArpRepeatsLabIT {

    /** Prints "ready", then one line per gratuitous ARP for the VIP: wall-clock ms and the sender's MAC. */
    static final String LISTENER = String.join("\n",
            "import socket, struct, sys, time",
            "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))",
            "s.bind((sys.argv[1], 0))",
            "s.settimeout(0.2)",
            "vip = socket.inet_aton(sys.argv[2])",
            "print('ready', flush=True)",
            "end = time.time() + float(sys.argv[3])",
            "while time.time() < end:",
            "    try:",
            "        p = s.recv(100)",
            "    except socket.timeout:",
            "        continue",
            "    a = p[14:42]",
            "    if len(a) == 28 and a[14:18] == vip and a[24:28] == vip:",
            "        print(int(time.time() * 1000), a[8:14].hex(':'), flush=True)");

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    @Test
    void theNewMasterRepeatsItsGratuitousArpAfterTheCommandExited_fourInAll_theLastAboutASecondAfterTheFirst(Lab lab)
            throws Exception {
        for (String svc : List.of("tomcat", "backend")) {
            lab.serviceCtl("n1", svc, "stop");
        }
        Process listener = new ProcessBuilder("python3", "-c", LISTENER, "hactl-br", "198.51.100.89", "12")
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).isEqualTo("ready");

        CheckLabIT.Run to2 = DbLab.masterSet(lab, "n2", "--reason", "SwitchArpRepeatsLabIT");
        long exited = System.currentTimeMillis();

        assertThat(to2.exit()).as(to2.out()).isZero();
        assertThat(to2.out()).contains("gratuitous ARP for 198.51.100.89 repeated at +200 ms, +500 ms, +1 s by n2"
                + " itself: handed to the node, detached from hactl's session");
        List<Long> fromN2 = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            String[] f = line.split(" ");
            if (f.length == 2 && f[1].equals("02:00:c6:33:64:0c")) {
                fromN2.add(Long.parseLong(f[0]));
            }
        }
        assertThat(listener.waitFor(20, TimeUnit.SECONDS)).isTrue();
        System.out.printf("gratuitous ARPs from n2 (ms after the first): %s; the command exited at +%d ms%n",
                fromN2.stream().map(t -> t - fromN2.get(0)).toList(), exited - fromN2.get(0));
        assertThat(fromN2).as("the add's own and three repeats").hasSizeGreaterThanOrEqualTo(4);
        assertThat(fromN2.get(fromN2.size() - 1) - fromN2.get(0)).as("the last ~1 s after the first")
                .isBetween(800L, 3000L);
    }
}
