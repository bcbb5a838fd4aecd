package io.hactl.console;

import io.hactl.config.ControllerConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.ui.Model;

/**
 * The console's users, from {@code controller.users}: each name with its bcrypt hash and one
 * role ({@code ROLE_VIEWER} or {@code ROLE_OPERATOR}). Read once at start, as the rest of hactl.yml.
 */
public final class ConsoleUsers implements UserDetailsService {

    public static final String VIEWER = ControllerConfig.Role.VIEWER.name();
    public static final String OPERATOR = ControllerConfig.Role.OPERATOR.name();

    private final Map<String, ControllerConfig.User> users;

    public ConsoleUsers(List<ControllerConfig.User> users) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(ControllerConfig.User::name,
                Function.identity()));
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        ControllerConfig.User u = users.get(name);
        if (u == null) {
            // the same answer as a wrong password reaches the page: "bad credentials"
            throw new UsernameNotFoundException("no such console user");
        }
        return User.withUsername(u.name()).password(u.passwordHash()).roles(u.role().name()).build();
    }

    /** Puts the logged-in user, their role and whether they may act on {@code model}: every page's header shows them. */
    public static void describe(Model model, Authentication auth) {
        String role = roleOf(auth);
        model.addAttribute("user", auth.getName());
        model.addAttribute("role", role);
        model.addAttribute("operator", OPERATOR.equals(role));
    }

    /** VIEWER or OPERATOR: the one role of the user. */
    static String roleOf(Authentication auth) {
        return roleOf(auth.getAuthorities());
    }

    /** VIEWER or OPERATOR: the one role among {@code authorities} ("" when none). */
    static String roleOf(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("");
    }
}
