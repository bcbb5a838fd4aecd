package io.hactl.config;

import io.hactl.config.YamlConstraints.AbsolutePath;
import io.hactl.config.YamlConstraints.NonZero;
import io.hactl.config.YamlConstraints.NotNull;
import io.hactl.config.YamlConstraints.Pattern;
import io.hactl.config.YamlConstraints.Port;
import io.hactl.config.YamlConstraints.Range;
import io.hactl.config.YamlConstraints.Wrong;
import io.hactl.notify.EmailNotifier;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.Name;

/**
 * hactl.yml as written (schema: conf/hactl.yml, docs/configuration.md): the keys Spring Boot's
 * Binder fills ({@link YamlBinding}; a key not here is unknown), each with the constraints of
 * its own value ({@link ConstraintChecks}). Null where a key is absent or wrong; the checks
 * across keys and the defaults are {@link ConfigBinder}'s, which makes the {@link HactlConfig}.
 */
record HactlYaml(
        @NotNull("missing: a name for this pair, used in messages and notifications, e.g. cluster: pair1")
        @Pattern(regexp = NAME, message = "'{value}' is not a name: use letters, digits, '.', '_' and '-'")
        String cluster,
        @NotNull("missing: the two nodes of the pair, each with name, address and interface;"
                + " see conf/hactl.yml")
        List<Node> nodes,
        Ssh ssh,
        @NotNull("missing: the two virtual IPs: vips: {db: 198.51.100.89/24, app: 198.51.100.88/24}")
        Vips vips,
        @NotNull("missing: how hactl reaches MySQL/MariaDB: name, user, password_file and replication"
                + " (user, password_file); see conf/hactl.yml")
        Database database,
        @NotNull("missing: the application services to run on the active node, in start order (name,"
                + " start, stop, process); see conf/hactl.yml")
        List<Service> services,
        List<String> startOrder,
        Probe probe,
        Backup backup,
        @AbsolutePath String stateDirectory,
        Failover failover,
        Controller controller,
        Alerts alerts,
        Application application) {

    /** What a name (cluster, node, service, component, channel, operator) may be. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";
    static final String VARIABLE = "[A-Za-z_][A-Za-z0-9_]*";
    static final String EMPTY_PASSWORD = "is empty: put the password in a file (mode 0600) and give password_file";

    record Node(
            @NotNull("missing: the node's name (used in messages and for {node} in paths), e.g. name: n1")
            @Pattern(regexp = NAME, message = "'{value}' is not a node name: use letters, digits, '.', '_' and '-'"
                    + " (it is put into paths and commands for {node})")
            String name,
            @NotNull("missing: the node's own IPv4 address (not a VIP), e.g. address: 198.51.100.11")
            String address,
            @Name("interface")
            @NotNull("missing: the network interface the VIPs are added to on this node, e.g."
                    + " interface: eth0")
            String networkInterface,
            Ssh ssh) {
    }

    /** The {@code ssh} section, and a node's own {@code ssh} (what it gives overrides the section). */
    record Ssh(
            @Pattern(regexp = "[A-Za-z0-9_][A-Za-z0-9_.-]*", message = "'{value}' is not a login name: use letters,"
                    + " digits, '_', '.', '-'")
            String user,
            @Port @Wrong(Port.NOT_A_NUMBER) Integer port,
            @AbsolutePath String key,
            @AbsolutePath @Wrong(empty = "must name a file: " + KeyHints.NO_TURNING_OFF + " (remove the key to use"
                    + " /etc/hactl/known_hosts)") String knownHosts,
            @NonZero Duration connectTimeout,
            @NonZero Duration commandTimeout) {
    }

    record Vips(
            @NotNull("missing: the VIP clients reach the master database through, as address/prefix, e.g."
                    + " db: 198.51.100.89/24")
            String db,
            @NotNull("missing: the VIP clients reach the application through, as address/prefix, e.g."
                    + " app: 198.51.100.88/24")
            String app) {
    }

    record Database(
            @Port @Wrong(Port.NOT_A_NUMBER) Integer port,
            @NotNull("missing: the database the application uses, e.g. name: hactl_demo")
            @Pattern(regexp = "[A-Za-z0-9_$]{1,64}", message = "'{value}' is not a MySQL database name hactl accepts:"
                    + " use letters, digits, '_' (at most 64)")
            String name,
            @NotNull("missing: the MySQL user hactl logs in as to probe and switch the master, e.g."
                    + " user: hactl")
            String user,
            @Wrong(empty = EMPTY_PASSWORD) String password,
            @AbsolutePath String passwordFile,
            @Pattern(regexp = VARIABLE, message = "'{value}' is not an environment variable name: use letters, digits"
                    + " and '_' (e.g. HACTL_DB_PASSWORD), without '$'")
            String passwordEnv,
            @NotNull("missing: the user the replica connects to the master with: replication: {user: repl,"
                    + " password_file: " + ConfigBinder.REPLICATION_PASSWORD_FILE + "}")
            Replication replication,
            @NonZero Duration connectTimeout,
            @NonZero Duration readTimeout,
            @AbsolutePath String errorLog,
            Server server,
            Copy copy) {
    }

    /** database.copy: how the physical rebuild's copy travels between the nodes. */
    record Copy(
            // YAML reads an unquoted off as false
            @Pattern(regexp = "auto|off|false", message = "'{value}' is not a value of direct: write auto or off"
                    + " (auto: node to node when both have socat and reach each other; off: through hactl, inside SSH)")
            String direct,
            @Port @Wrong(Port.NOT_A_NUMBER) Integer port) {
    }

    record Server(
            @AbsolutePath String defaultsFile,
            @NotNull("missing: the command that starts the database server on a node (it must return once the"
                    + " server is started), e.g. start: systemctl start mariadb")
            String start,
            @NotNull("missing: the command that stops the database server on a node (it must return once the"
                    + " server has stopped), e.g. stop: systemctl stop mariadb")
            String stop,
            @Range(min = 0, max = 1048576, message = "{value} is not a margin in MB hactl accepts: write a whole"
                    + " number 0-1048576 (default 1024)") Integer freeMarginMb) {
    }

    record Replication(
            @NotNull("missing: the MySQL user the replica connects as, e.g. user: repl") String user,
            @Wrong(empty = EMPTY_PASSWORD) String password,
            @AbsolutePath String passwordFile,
            @Pattern(regexp = VARIABLE, message = "'{value}' is not an environment variable name: use letters, digits"
                    + " and '_' (e.g. HACTL_DB_PASSWORD), without '$'")
            String passwordEnv) {
    }

    record Service(
            @NotNull("missing: a short name for the service, e.g. name: tomcat")
            @Pattern(regexp = NAME, message = "'{value}' is not a service name: use letters, digits, '.', '_' and '-'")
            String name,
            @AbsolutePath String directory,
            @NotNull("missing: the command that starts the service (it must return once the service is"
                    + " started), e.g. start: /opt/tomcat/bin/startup.sh")
            String start,
            @NotNull("missing: the command that stops the service, e.g. stop: /opt/tomcat/bin/shutdown.sh")
            String stop,
            @NotNull("missing: a pattern matched against full command lines (pgrep -f) that finds the"
                    + " service's processes and nothing else, e.g. process: \"org.apache.catalina.startup.Bootstrap\"")
            String process,
            @Port @Wrong(Port.NOT_A_NUMBER) Integer port,
            @NonZero Duration startTimeout,
            @NonZero Duration stopTimeout,
            @AbsolutePath String log) {
    }

    record Probe(@NonZero Duration interval, @NonZero Duration pingTimeout, @NonZero Duration tcpTimeout,
                 @NonZero Duration arpTimeout) {
    }

    record Backup(
            @AbsolutePath String directory,
            @Range(min = 1, max = 36500, message = KEEP_DAYS_RANGE)
            @Wrong("'{value}' is not a whole number: " + KEEP_DAYS)
            Integer keepDays,
            BackupDatabase database,
            List<Component> components) {

        static final String KEEP_DAYS = "the number of days of backups to keep, today included (e.g. keep_days: 14)";
        static final String KEEP_DAYS_RANGE = "{value} is out of range: it must be 1-36500 (" + KEEP_DAYS + ")";
    }

    /** backup.database: how the database component is copied. */
    record BackupDatabase(
            @Pattern(regexp = "auto|physical|logical", message = "'{value}' is not a method: write auto, physical or"
                    + " logical (auto: physical with mariadb-backup when it can be, else logical)")
            String method) {
    }

    record Component(
            @NotNull("missing: the component's name, used on the command line and in the file name, e.g."
                    + " name: tomcat")
            @Pattern(regexp = NAME, message = "'{value}' is not a component name: use letters, digits, '.', '_'"
                    + " and '-'")
            String name,
            @NotNull("missing: the files and directories to save (absolute; {node} allowed), e.g."
                    + " paths: [/opt/tomcat/conf, /opt/tomcat/webapps]")
            List<String> paths,
            List<String> exclude) {
    }

    record Failover(
            @Wrong("'{value}' is not a failover mode: write manual (a proposal waits for an operator's 'hactl ack ID';"
                    + " the default) or automatic (it runs by itself after failover.grace unless rejected)")
            FailoverConfig.Mode mode,
            @NonZero Duration downAfter,
            @NonZero Duration grace,
            Duration blockPeriod,
            @NonZero Duration proposalExpiry) {
    }

    record Controller(String listen, List<Operator> operators, List<String> openReads,
                      @NonZero Duration remindInterval, Coordination coordination, List<User> users) {
    }

    /** {@code controller.users[]}: a web console user (issue 17); names twice are {@link ControllerBinder}'s. */
    record User(
            @NotNull("missing: the user's name, recorded with every action they take in the console, e.g. name: alice")
            @Pattern(regexp = NAME, message = "'{value}' is not a user name: " + ControllerConfig.Operator.NAME_RULE)
            String name,
            @NotNull("missing: the user's role: role: viewer (sees everything) or role: operator (also acknowledges,"
                    + " rejects, requests switchovers, unblocks)")
            @Wrong("'{value}' is not a role: write viewer (sees everything) or operator (also acknowledges, rejects,"
                    + " requests switchovers, unblocks)")
            ControllerConfig.Role role,
            // never echo the value: it may be the password itself
            @NotNull("missing: the bcrypt hash of the user's password; " + ControllerBinder.MAKE_USER)
            @Pattern(regexp = ControllerConfig.User.BCRYPT, message = "is not a bcrypt hash ($2a$, $2b$ or $2y$, the"
                    + " cost, 53 characters); " + ControllerBinder.MAKE_USER)
            String passwordHash) {
    }

    /** {@code controller.coordination}: checked as a whole by CoordinationSettings.validate() ({@link ControllerBinder}). */
    record Coordination(String connect, String member, @NonZero Duration sessionTimeout,
                        @NonZero Duration connectionTimeout, @AbsolutePath String passwordFile,
                        @AbsolutePath String epochDirectory) {
    }

    record Operator(
            @NotNull("missing: the operator's name, recorded with every action they take, e.g. name: alice")
            @Pattern(regexp = NAME, message = "'{value}' is not an operator name: "
                    + ControllerConfig.Operator.NAME_RULE)
            String name,
            // never echo the value: it may be the token itself
            @NotNull("missing: the SHA-256 of the operator's token (64 hex characters); "
                    + ControllerBinder.MAKE_TOKEN)
            @Pattern(regexp = "[0-9A-Fa-f]{64}", message = "is not a SHA-256 (exactly 64 hex characters 0-9, a-f); "
                    + ControllerBinder.MAKE_TOKEN)
            String tokenSha256) {
    }

    /** {@code remind_interval} here is deprecated: controller.remind_interval is the one ({@link ConfigBinder}). */
    record Alerts(@NonZero Duration remindInterval, @NonZero Duration flapWindow, List<Channel> channels) {
    }

    /** One alert channel: every type's keys; which apply is checked by type ({@link AlertsBinder}). */
    record Channel(
            @NotNull("missing: the channel's name, used in messages and by hactl notify test --channel, e.g."
                    + " name: oncall-mail")
            @Pattern(regexp = NAME, message = "'{value}' is not a channel name: use letters, digits, '.', '_' and '-'")
            String name,
            @NotNull("missing: what the channel is: email, slack, teams, webhook or command")
            @Wrong("'{value}' is not a channel type: write email, slack (also Mattermost and Rocket.Chat), teams,"
                    + " webhook (hactl's JSON) or command")
            AlertsConfig.Type type,
            String minSeverity,
            @NonZero Duration timeout,
            String host,
            @Port @Wrong(Port.NOT_A_NUMBER) Integer port,
            @Wrong("'{value}' is not an SMTP security: write starttls (port 587, the default), tls (port 465) or none"
                    + " (port 25, a relay you trust)")
            EmailNotifier.Security security,
            String user,
            @AbsolutePath String passwordFile,
            @Pattern(regexp = VARIABLE, message = "'{value}' is not an environment variable name: use letters, digits"
                    + " and '_' (e.g. HACTL_DB_PASSWORD), without '$'")
            String passwordEnv,
            @Wrong(empty = EMPTY_PASSWORD) String password,
            String from,
            List<String> to,
            @AbsolutePath String urlFile,
            @Pattern(regexp = VARIABLE, message = "'{value}' is not an environment variable name: use letters, digits"
                    + " and '_' (e.g. HACTL_SLACK_URL), without '$'")
            String urlEnv,
            @Wrong(empty = "is empty: put the URL in a file (mode 0600) and give url_file") String url,
            List<String> command) {
    }

    record Application(
            @Wrong("'{value}' is not true or false: write follow_db_master: true (the application moves with the"
                    + " database master: one active node, as the seed runs; the default) or follow_db_master: false"
                    + " (the application stays where it is after a database failover)")
            Boolean followDbMaster) {
    }
}
