package io.hactl.console;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Who is logged in to this controller's console now: each user with their role and how many sessions
 * they hold, from Spring Security's session registry (a login registers its session; a logout, an idle
 * timeout or the controller's restart ends it). One controller's sessions only: with three controllers
 * each lists the people on its own console.
 */
public final class ConsoleWhoIsOn {

    private final SessionRegistry sessions;

    public ConsoleWhoIsOn(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** One line per user, by name: "alice (operator, 2 sessions)", "victor (viewer)". */
    public List<String> lines() {
        return sessions.getAllPrincipals().stream()
                .filter(UserDetails.class::isInstance).map(UserDetails.class::cast)
                .map(u -> new On(u.getUsername(), role(u), sessions.getAllSessions(u, false).size()))
                .filter(o -> o.sessions() > 0)
                .sorted(Comparator.comparing(On::name))
                .map(On::line).toList();
    }

    private static String role(UserDetails u) {
        String role = ConsoleUsers.roleOf(u.getAuthorities()).toLowerCase(Locale.ROOT);
        return role.isEmpty() ? "?" : role;
    }

    private record On(String name, String role, int sessions) {
        String line() {
            return name + " (" + role + (sessions > 1 ? ", " + sessions + " sessions" : "") + ")";
        }
    }
}
