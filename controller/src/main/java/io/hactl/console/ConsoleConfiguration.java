package io.hactl.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The console's beans, listed one by one (the daemon's web context has no component scan: nothing
 * else of {@code io.hactl} becomes a bean). One class per line.
 */
@Configuration(proxyBeanMethods = false)
@Import({
        ConsolePairController.class,
        ConsoleProposalsController.class,
        ConsoleActionsController.class,
        ConsoleHistoryController.class,
        ConsoleReportController.class,
        ConsoleBackupsController.class,
        ConsolePairSource.class,
        ConsoleLoginController.class,
        ConsoleFragment.class,
        ConsolePublisher.class,
        ConsoleEvents.class,
})
public class ConsoleConfiguration {
}
