package io.hactl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.HactlConfig;
import io.hactl.console.ConsoleLoginController;
import io.hactl.console.ConsoleLoginHold;
import io.hactl.console.ConsoleLoginThrottle;
import io.hactl.console.ConsoleLogins;
import io.hactl.console.ConsolePaths;
import io.hactl.console.ConsoleUsers;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may reach what, as two Spring Security filter chains (issue 17).
 *
 * <p>The <b>bearer chain</b> ({@code /api/**}, {@code /actuator/**}): stateless, no CSRF (no
 * cookie ever authenticates it, so no other site can ride one), no login page; the
 * {@link AuthFilter} decides exactly as it did before Spring Security was here (tokens from
 * {@code controller.operators}, open reads from loopback, its JSON errors).
 *
 * <p>The <b>console chain</b> (everything else) when {@code controller.users} has users: form
 * login against them (bcrypt), CSRF on, a session cookie (HttpOnly, SameSite=Strict: set in
 * {@link ControllerApi#properties}); a viewer may GET, an operator may also POST the actions.
 *
 * <p>Without users the console is off: {@code GET /} says how to create one, and every other
 * path stays in the bearer chain, as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class WebSecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** Always one, even empty: otherwise Spring Boot makes a user "user" with a generated password. */
    @Bean
    UserDetailsService consoleUsers(HactlConfig cfg) {
        return new ConsoleUsers(cfg.controller().users());
    }

    /** The console's sessions, by user: who is logged in now ({@code console.ConsoleWhoIsOn}). */
    @Bean
    SessionRegistry consoleSessions() {
        return new SessionRegistryImpl();
    }

    /** Tells the session registry when Tomcat ends a session (idle timeout) or changes its id (at login). */
    @Bean
    ServletListenerRegistrationBean<HttpSessionEventPublisher> sessionEvents() {
        return new ServletListenerRegistrationBean<>(new HttpSessionEventPublisher());
    }

    /** The brake on guessing the console's passwords: refused logins counted by name and address. */
    @Bean
    ConsoleLoginThrottle consoleLoginThrottle() {
        return new ConsoleLoginThrottle(java.time.Clock.systemUTC());
    }

    /** Every console login, refused or not, in the daemon's log. */
    @Bean
    ConsoleLogins consoleLogins() {
        return new ConsoleLogins();
    }

    @Bean
    @Order(1)
    SecurityFilterChain bearerChain(HttpSecurity http, HactlConfig cfg, ObjectMapper mapper) throws Exception {
        AuthFilter auth = new AuthFilter(new OperatorTokens(cfg.controller().operators()), cfg.controller().openReads(),
                mapper);
        RequestMatcher where = consoleOn(cfg)
                ? new OrRequestMatcher(path("/api/**"), path("/actuator/**"))
                : new NegatedRequestMatcher(path(ConsolePaths.HOME));
        return http.securityMatcher(where)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .addFilterBefore(auth, AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll()) // AuthFilter has decided
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, HactlConfig cfg, SessionRegistry sessions,
                                     ConsoleLoginThrottle throttle) throws Exception {
        if (!consoleOn(cfg)) {
            // only GET / reaches this chain: the page that says how to create a user
            return http.csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, ConsolePaths.HOME).permitAll()
                            .anyRequest().denyAll())
                    .build();
        }
        return http
                .formLogin(f -> f.loginPage(ConsoleLoginController.LOGIN).permitAll())
                .addFilterBefore(new ConsoleLoginHold(throttle), UsernamePasswordAuthenticationFilter.class)
                .logout(l -> l.permitAll().addLogoutHandler((request, response, auth) -> {
                    // at once, not when the container gets round to the session's end: the list is of people on now
                    var session = request.getSession(false);
                    if (session != null) {
                        sessions.removeSessionInformation(session.getId());
                    }
                }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())
                        .maximumSessions(-1).sessionRegistry(sessions))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, ConsolePaths.STATIC).permitAll()
                        .requestMatchers(HttpMethod.POST, ConsolePaths.ACTIONS).hasRole(ConsoleUsers.OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyRole(ConsoleUsers.VIEWER, ConsoleUsers.OPERATOR)
                        .anyRequest().denyAll())
                .build();
    }

    static boolean consoleOn(HactlConfig cfg) {
        return !cfg.controller().users().isEmpty();
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }
}
