package io.hactl.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.build.BuildInfo;
import io.hactl.config.HactlConfig;
import io.hactl.console.ConsoleConfiguration;
import io.hactl.control.ControllerService;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * The daemon's web context: Spring Boot's auto-configuration (Tomcat, Jackson, actuator,
 * Prometheus) and our beans, listed here one by one. No component scan: nothing else of
 * {@code io.hactl} becomes a bean. {@link HactlConfig} and {@link ControllerService} are
 * registered by {@link ControllerApi#start}. Who may reach what: {@link WebSecurity} (the
 * bearer tokens for the API, the console's logins), after the {@link HostFilter}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ApiController.class, WebSecurity.class, ConsoleConfiguration.class})
class ApiConfiguration {

    /**
     * First, before Spring Security's chains: a request for another Host (DNS rebinding) is refused
     * before its token or session is looked at.
     */
    @Bean
    FilterRegistrationBean<HostFilter> hostFilter(HactlConfig cfg, ObjectMapper mapper) {
        FilterRegistrationBean<HostFilter> reg = new FilterRegistrationBean<>(
                new HostFilter(cfg.controller().listenAddress(), mapper));
        reg.addUrlPatterns("/*");
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return reg;
    }

    /** Named "controller": its status is /actuator/health's, its details under components.controller. */
    @Bean(name = "controller")
    ControllerHealth controllerHealth(HactlConfig cfg, ControllerService service) {
        return new ControllerHealth(service, cfg.probe() == null ? null : cfg.probe().interval(), Clock.systemUTC());
    }

    /** /actuator/info's "hactl": what {@code hactl --version} says (one source: {@link BuildInfo}). */
    @Bean
    InfoContributor hactlBuildInfo() {
        Map<String, String> facts = BuildInfo.current().asMap();
        return builder -> builder.withDetail("hactl", facts);
    }

    @Bean
    ControllerMetrics controllerMetrics(HactlConfig cfg, ControllerService service) {
        return new ControllerMetrics(service, cfg.clusterName());
    }
}
