package io.hactl.console;

import io.hactl.config.ControllerConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

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
}
