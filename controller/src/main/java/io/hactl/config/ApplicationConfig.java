package io.hactl.config;

/**
 * Where the application runs relative to the database ({@code application:} in hactl.yml;
 * docs/configuration.md).
 *
 * @param followDbMaster true (default, as the seed runs: one active node for both): after a
 *                       database failover the application is proposed to move to the new DB
 *                       master when the two are split (the seed's "Server maintenance" step);
 *                       false: the application stays where it is
 */
public record ApplicationConfig(boolean followDbMaster) {

    public static ApplicationConfig defaults() {
        return new ApplicationConfig(Defaults.APPLICATION_FOLLOW_DB_MASTER);
    }
}
