package io.hactl.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Before up, down or heal: refuses clearly when not root or when a program the lab needs is missing. */
final class Preflight {

    /** What {@code lab up} needs, program to Debian package. */
    static final Map<String, String> REQUIRED_PROGRAMS = requiredPrograms();

    private final LabHost host;

    Preflight(LabHost host) {
        this.host = host;
    }

    /** Throws a precondition LabException (exit 2) naming what is missing and the fix. */
    void check(String what) {
        if (!host.isRoot()) {
            throw LabException.precondition("lab " + what + " needs root: it "
                    + (what.equals("down") ? "deletes" : "creates") + " network namespaces; run with sudo");
        }
        if (what.equals("down")) {
            return;
        }
        List<String> missing = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        REQUIRED_PROGRAMS.forEach((program, pkg) -> {
            if (host.which(program) == null) {
                missing.add(program);
                packages.add(pkg);
            }
        });
        if (!missing.isEmpty()) {
            throw LabException.precondition("lab " + what + " needs " + String.join(", ", missing)
                    + " (Debian package" + (packages.size() > 1 ? "s " : " ") + String.join(", ", packages)
                    + "): run sudo bin/setup-host.sh");
        }
        if (!host.hasHabetsArping()) {
            throw LabException.precondition("lab " + what + " needs Thomas Habets' arping (Debian package arping, "
                    + "not iputils-arping): run sudo bin/setup-host.sh");
        }
    }

    private static Map<String, String> requiredPrograms() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ip", "iproute2");
        m.put("bridge", "iproute2");
        m.put("mariadbd", "mariadb-server");
        m.put("mariadb-install-db", "mariadb-server");
        m.put("mariadb", "mariadb-client");
        m.put("mariadb-admin", "mariadb-client");
        // db-replica-init's physical method runs them on the nodes (the host's binaries: one machine)
        m.put("mariadb-backup", "mariadb-backup");
        m.put("mbstream", "mariadb-backup");
        m.put("sshd", "openssh-server");
        m.put("ssh-keygen", "openssh-client");
        m.put("arping", "arping");
        // a failover's fence answers new connections on the old master's VIP with a reset (issue 20)
        m.put("nft", "nftables");
        m.put("setsid", "util-linux");
        m.put(LabLayout.CATALINA_HOME.resolve("bin/catalina.sh").toString(), "tomcat10");
        // the ensemble's members run Debian's jars (libzookeeper-java, libslf4j-java: its dependencies)
        m.put("/usr/share/zookeeper/bin/zkServer.sh", "zookeeper");
        return Collections.unmodifiableMap(m);
    }
}
