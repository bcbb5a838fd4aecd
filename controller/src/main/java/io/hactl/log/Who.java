package io.hactl.log;

import java.net.InetAddress;

/** Who runs hactl: the user behind sudo if any, else the OS user, at this host. */
public final class Who {

    private Who() {
    }

    public static String current() {
        String user = System.getenv("SUDO_USER");
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name", "unknown");
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return user + "@" + host;
    }
}
