package io.hactl.log;

import io.hactl.text.ControlChars;
import java.net.InetAddress;

/**
 * Who runs hactl, for the transition log: the real user (the process's uid) at this host,
 * and, when that user is root, the user sudo says it came from ({@code root (sudo by
 * alice)@db1}). SUDO_USER alone never decides: any user can set it, so beside another user
 * than root it is ignored, and a value that is no user name is shown quoted and escaped.
 */
public final class Who {

    private static final String USER_NAME = "[A-Za-z0-9_][A-Za-z0-9._@$-]{0,63}";

    private Who() {
    }

    public static String current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        // user.name is the real uid's user (getpwuid(getuid())), not an environment variable
        return of(System.getProperty("user.name", "unknown"), System.getenv("SUDO_USER"), host);
    }

    static String of(String realUser, String sudoUser, String host) {
        String user = name(realUser);
        if ("root".equals(realUser) && sudoUser != null && !sudoUser.isBlank() && !sudoUser.equals(realUser)) {
            user += " (sudo by " + name(sudoUser) + ")";
        }
        return user + "@" + host;
    }

    private static String name(String user) {
        return user.matches(USER_NAME) ? user : "\"" + ControlChars.escape(user) + "\"";
    }
}
