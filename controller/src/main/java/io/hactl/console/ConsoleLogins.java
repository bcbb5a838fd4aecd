package io.hactl.console;

import io.hactl.text.ControlChars;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Says every console login in the daemon's log: who, from where, and for a refusal only "wrong
 * name or password" (never which, never the password typed). The name is what was typed, so its
 * control characters are escaped: a name with a line break cannot forge a log line.
 */
public final class ConsoleLogins implements ApplicationListener<AbstractAuthenticationEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogins.class);

    @Override
    public void onApplicationEvent(AbstractAuthenticationEvent event) {
        Authentication a = event.getAuthentication();
        String name = ControlChars.escape(a.getName());
        String from = a.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : "?";
        if (event instanceof AbstractAuthenticationFailureEvent) {
            LOG.warn("console login refused for '{}' from {}: wrong name or password", name, from);
        } else if (event instanceof AuthenticationSuccessEvent) {
            String role = ConsoleUsers.roleOf(a.getAuthorities()).toLowerCase(Locale.ROOT);
            role = role.isEmpty() ? "no role" : role;
            LOG.info("console login: {} ({}) from {}", name, role, from);
        }
    }
}
