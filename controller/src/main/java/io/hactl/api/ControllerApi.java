package io.hactl.api;

import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.control.ControllerService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts the daemon's web side: the REST API under {@code /api}, {@code /actuator/health},
 * {@code /actuator/prometheus} and {@code /actuator/info} (what {@code hactl --version} says), and the web console at {@code /} when {@code controller.users}
 * has users ({@link WebSecurity}), on {@code controller.listen_address}:{@code controller.port}.
 *
 * <p>Use (from {@code hactl controller}):
 * <pre>{@code
 * ConfigurableApplicationContext web = ControllerApi.start(cfg, service);
 * ...                       // the control loop runs
 * web.close();              // on shutdown (a JVM shutdown hook also closes it)
 * }</pre>
 * Everything the API shows comes from {@code service}; every action goes to it with the
 * operator's name (the {@link AuthFilter} found it from the bearer token). The context holds
 * only our beans and Spring Boot's auto-configuration (no component scan); its settings come
 * from hactl.yml only (they override Spring's environment and property files); no banner;
 * Spring's own logging at WARN on stdout, {@code io.hactl} at INFO.
 *
 * <p>Only the daemon calls this: every other CLI command runs without Spring.
 */
public final class ControllerApi {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerApi.class);

    private ControllerApi() {
    }

    /**
     * Starts the web context and returns once it listens.
     *
     * @throws IllegalStateException when it cannot listen (the message says which address and what to do)
     */
    public static ConfigurableApplicationContext start(HactlConfig cfg, ControllerService service) {
        ControllerConfig c = cfg.controller() == null ? ControllerConfig.defaults() : cfg.controller();
        HactlConfig effective = cfg.controller() == null ? withController(cfg, c) : cfg;
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("hactl.yml controller", properties(c)));
        SpringApplicationBuilder app = new SpringApplicationBuilder(ApiConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .logStartupInfo(false)
                .environment(env)
                .initializers(ctx -> {
                    GenericApplicationContext g = (GenericApplicationContext) ctx;
                    g.registerBean(HactlConfig.class, () -> effective);
                    g.registerBean(ControllerService.class, () -> service);
                });
        ConfigurableApplicationContext ctx;
        try {
            ctx = app.run();
        } catch (RuntimeException e) {
            throw new IllegalStateException(cannotListen(c, e), e);
        }
        LOG.info("hactl controller API listening on http://{}:{} (status: hactl status; health: /actuator/health;"
                + " metrics: /actuator/prometheus)", c.listenAddress(), port(ctx));
        LOG.info(consoleLine(c, port(ctx)));
        return ctx;
    }

    /** The port the API listens on (the configured one, or the one picked when it is 0). */
    public static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    /** Where the web console is, for how many users; or that it is off and how to turn it on. */
    static String consoleLine(ControllerConfig c, int port) {
        if (c.users().isEmpty()) {
            return "hactl console off: no controller.users in hactl.yml (create one with: hactl user new NAME --role"
                    + " viewer|operator)";
        }
        long operators = c.users().stream().filter(u -> u.role() == ControllerConfig.Role.OPERATOR).count();
        return "hactl console on http://" + c.listenAddress() + ":" + port + "/ for " + c.users().size() + " user"
                + (c.users().size() == 1 ? "" : "s") + " (" + operators + " operator" + (operators == 1 ? "" : "s") + ")";
    }

    static Map<String, Object> properties(ControllerConfig c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", c.listenAddress());
        p.put("server.port", c.port());
        p.put("server.tomcat.threads.max", 8);
        p.put("server.tomcat.threads.min-spare", 1);
        p.put("server.error.whitelabel.enabled", false);
        // the peer's own address decides open reads: never X-Forwarded-For / Forwarded, which Spring
        // would honour by itself on a platform it takes for a cloud (KUBERNETES_SERVICE_HOST set...)
        p.put("server.forward-headers-strategy", "none");
        // the console's session (issue 17): never readable by a script, never sent from another site
        p.put("server.servlet.session.cookie.http-only", true);
        p.put("server.servlet.session.cookie.same-site", "strict");
        p.put("server.servlet.session.timeout", "8h");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.jackson.serialization.write-dates-as-timestamps", false);
        p.put("spring.jmx.enabled", false);
        p.put("logging.level.root", "WARN");
        p.put("logging.level.io.hactl", "INFO");
        p.put("management.endpoints.web.exposure.include", "health,prometheus,info");
        // /actuator/info: hactl's build facts only (ApiConfiguration), not Spring's env/git/os/process contributors
        p.put("management.info.defaults.enabled", false);
        p.put("management.endpoint.health.show-details", "always");
        p.put("management.endpoint.health.show-components", "always");
        return p;
    }

    private static String cannotListen(ControllerConfig c, RuntimeException e) {
        String where = c.listenAddress() + ":" + c.port();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException) {
                return "cannot listen on " + where + ": the port is in use (another hactl controller? check with:"
                        + " ss -ltnp 'sport = :" + c.port() + "'); stop it, or set controller.port in hactl.yml";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "cannot start the controller API on " + where + ": " + root.getMessage()
                + " (is controller.listen_address an address of this machine? hactl conf check)";
    }

    private static HactlConfig withController(HactlConfig cfg, ControllerConfig c) {
        return new HactlConfig(cfg.source(), cfg.clusterName(), cfg.nodes(), cfg.dbVip(), cfg.appVip(), cfg.database(),
                cfg.services(), cfg.probe(), cfg.backup(), cfg.stateDirectory(), cfg.failover(), c);
    }
}
