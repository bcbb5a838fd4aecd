package io.hactl.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.net.util.SubnetUtils;

/**
 * {@code hactl conf import}: turns the old scripts' env.conf into hactl.yml text. Passwords
 * are never copied: the YAML names password files and {@link Result#todo()} tells the
 * operator to fill them. Every variable that found no place in hactl.yml is listed with
 * the reason. docs/configuration.md has the mapping table.
 */
public final class EnvConfImporter {

    public static final String DB_PASSWORD_FILE = ConfigBinder.DB_PASSWORD_FILE;
    public static final String REPLICATION_PASSWORD_FILE = ConfigBinder.REPLICATION_PASSWORD_FILE;
    public static final String SSH_KEY = "/etc/hactl/id_ed25519";

    /**
     * @param yaml     hactl.yml text
     * @param unmapped env.conf lines that found no place in it, with the reason (never a value)
     * @param todo     what the operator must do before the config is usable
     */
    public record Result(String yaml, List<UnmappedVariable> unmapped, List<String> todo) {
    }

    private final EnvVariables vars;
    private final String source;
    private final List<String> todo = new ArrayList<>();
    private final StringBuilder yaml = new StringBuilder();
    private EnvConfParser.Assignment javaHome;

    private EnvConfImporter(EnvVariables vars, String source) {
        this.vars = vars;
        this.source = source;
    }

    /** Reads {@code envConf} (UTF-8, else Latin-1 as old files often are). */
    public static Result importFile(Path envConf) throws IOException {
        byte[] bytes = Files.readAllBytes(envConf);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return importText(text, envConf.toString());
    }

    public static Result importText(String text, String source) {
        EnvConfParser.Result parsed = EnvConfParser.parse(text);
        EnvConfImporter importer = new EnvConfImporter(new EnvVariables(parsed.variables()), source);
        importer.write();
        List<UnmappedVariable> unmapped = new ArrayList<>(parsed.skipped());
        unmapped.addAll(importer.vars.leftOver());
        unmapped.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Result(importer.yaml.toString(), List.copyOf(unmapped), List.copyOf(importer.todo));
    }

    private void write() {
        javaHome = vars.peek("JAVA_HOME").filter(a -> a.unresolved().isEmpty()).orElse(null);
        line("# hactl.yml written by 'hactl conf import' from " + source + ".");
        line("# Review every value (comments say which env.conf variable each one comes from), then:");
        line("#     hactl conf check --config THIS_FILE");
        line("# Passwords are never copied from env.conf: put them in the password files named below.");
        line("# Keys left out take their defaults (probe timings, state_directory): see conf/hactl.yml.");
        line("");
        cluster();
        List<String[]> nodes = nodes();
        ssh(nodes);
        vips();
        database();
        services();
        backup();
        todo.add("then check the result: hactl conf check --config FILE");
    }

    private void cluster() {
        Optional<EnvConfParser.Assignment> name = vars.take("CLUSTER_NAME").flatMap(vars::usable);
        if (name.isPresent()) {
            entry(0, "cluster", name.get().value(), from(name.get()));
        } else {
            entry(0, "cluster", "polopoly", "not in env.conf: a name for this pair, change it if you like");
        }
        line("");
    }

    /** @return {name, address} of each node, for the ssh instructions */
    private List<String[]> nodes() {
        LegacyInterface shared = LegacyInterface.find(vars);
        line("nodes:");
        List<String[]> nodes = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            nodes.add(node(i, shared));
        }
        line("");
        return nodes;
    }

    private String[] node(int number, LegacyInterface shared) {
        String key = "nodes[" + (number - 1) + "]";
        Optional<EnvConfParser.Assignment> name = vars.take("NODE" + number + "_NAME", "NODE" + number + "_HOSTNAME",
                "HOST" + number + "_NAME").flatMap(vars::usable);
        Optional<EnvConfParser.Assignment> address = vars.take("NODE" + number + "_IP", "NODE" + number + "_ADDRESS",
                "HOST" + number + "_IP", number == 1 ? "LOCAL_IP" : "REMOTE_IP").flatMap(vars::usable);
        String nodeName = name.map(EnvConfParser.Assignment::value).orElse("n" + number);
        entry(1, "- name", nodeName, name.map(EnvConfImporter::from)
                .orElse("not in env.conf: the node's name, change it if you like"));
        String nodeAddress = address.map(EnvConfParser.Assignment::value).filter(Ipv4::isAddress).orElse(null);
        if (nodeAddress != null) {
            entry(2, "address", nodeAddress, from(address.get()));
        } else {
            address.ifPresent(a -> vars.unmapped(a, "not an IPv4 address: write the node's address in "
                    + key + ".address"));
            entry(2, "address", "", "not in env.conf: write the node's own IPv4 address");
            todo.add("write the address of node " + nodeName + " in " + key + ".address");
        }
        LegacyInterface own = LegacyInterface.perNode(vars, number).orElse(shared);
        entry(2, "interface", own.device(), own.comment());
        return new String[] {nodeName, nodeAddress != null ? nodeAddress : "ADDRESS"};
    }

    private void ssh(List<String[]> nodes) {
        line("ssh:");
        line("  # env.conf has no ssh settings (the old scripts asked for root's password): hactl logs in with a key.");
        entry(1, "user", "root", null);
        entry(1, "key", SSH_KEY, "create it, see below");
        entry(1, "known_hosts", Defaults.KNOWN_HOSTS.toString(), "the nodes' host keys; always checked");
        line("");
        todo.add("create hactl's ssh key: ssh-keygen -t ed25519 -N '' -f " + SSH_KEY + ", then add " + SSH_KEY
                + ".pub to /root/.ssh/authorized_keys on " + nodes.get(0)[0] + " and " + nodes.get(1)[0]);
        todo.add("record the nodes' host keys: ssh-keyscan -t ed25519 " + nodes.get(0)[1] + " " + nodes.get(1)[1]
                + " > " + Defaults.KNOWN_HOSTS + ", then compare the fingerprints (ssh-keygen -lf) with each node's");
    }

    private void vips() {
        line("vips:");
        vip("db", new String[] {"MYSQL_VIRTUAL_IP", "MYSQL_VIP", "DB_VIRTUAL_IP"},
                new String[] {"MYSQL_NETMASK", "MYSQL_VIRTUAL_NETMASK"});
        vip("app", new String[] {"POLOPOLY_VIRTUAL_IP", "POLOPOLY_VIP", "APP_VIRTUAL_IP"},
                new String[] {"POLOPOLY_NETMASK", "POLOPOLY_VIRTUAL_NETMASK"});
        line("");
    }

    private void vip(String key, String[] names, String[] ownNetmasks) {
        Optional<EnvConfParser.Assignment> ip = vars.take(names).flatMap(vars::usable);
        if (ip.isEmpty() || !(Ipv4.isAddress(ip.get().value()) || ip.get().value().contains("/"))) {
            ip.ifPresent(a -> vars.unmapped(a, "not an IPv4 address: write the VIP in vips." + key));
            entry(1, key, "", "not in env.conf (" + names[0] + "): write the VIP as address/prefix");
            todo.add("write the " + key + " VIP in vips." + key + " (address/prefix)");
            return;
        }
        String address = ip.get().value();
        if (address.contains("/")) {
            entry(1, key, address, from(ip.get()));
            return;
        }
        Optional<EnvConfParser.Assignment> mask = vars.take(ownNetmasks).or(() -> vars.take("NETMASK"))
                .or(() -> vars.takeEndingWith("_NETMASK")).flatMap(vars::usable);
        if (mask.isPresent()) {
            try {
                String cidr = new SubnetUtils(address, mask.get().value()).getInfo().getCidrSignature();
                entry(1, key, cidr, from(ip.get()) + "; prefix from " + mask.get().name() + ", line "
                        + mask.get().line());
                return;
            } catch (IllegalArgumentException e) {
                vars.unmapped(mask.get(), "not a netmask (like 255.255.255.0): the prefix /24 was assumed for vips."
                        + key);
            }
        }
        entry(1, key, address + "/24", from(ip.get()) + "; /24 assumed: env.conf gives no netmask, check it");
    }

    private void database() {
        line("database:");
        Optional<EnvConfParser.Assignment> port = vars.take("DATABASE_PORT", "MYSQL_PORT", "DB_PORT")
                .flatMap(vars::usable);
        port.ifPresent(p -> {
            if (p.value().matches("\\d{1,5}")) {
                line("  port: " + p.value() + "   # " + from(p));
            } else {
                vars.unmapped(p, "not a port number: write database.port by hand (default 3306)");
            }
        });
        Optional<EnvConfParser.Assignment> name = vars.take("DATABASE_NAME", "DB_NAME", "MYSQL_DATABASE")
                .flatMap(vars::usable);
        entry(1, "name", name.map(EnvConfParser.Assignment::value).orElse(""),
                name.map(EnvConfImporter::from).orElse("not in env.conf: the application's database"));
        Optional<EnvConfParser.Assignment> user = vars.take("DATABASE_USER", "DB_USER", "MYSQL_USER")
                .flatMap(vars::usable);
        Optional<EnvConfParser.Assignment> password;
        if (user.isPresent()) {
            password = vars.take("DATABASE_PASSWORD", "DB_PASSWORD", "MYSQL_PASSWORD");
            vars.explainIfLeft("DATABASE_ROOT", "hactl logs in as database.user (from " + user.get().name() + ");"
                    + " if that user may not switch the master (REPLICATION CLIENT and SUPER or REPLICATION SLAVE"
                    + " ADMIN), set database.user to this user and put its password in " + DB_PASSWORD_FILE);
            vars.explainIfLeft("DATABASE_ROOT_PASSWORD", "a password: never copied; it is DATABASE_ROOT's, which"
                    + " hactl does not use (see DATABASE_ROOT)");
        } else {
            user = vars.take("DATABASE_ROOT", "DATABASE_ROOT_USER", "MYSQL_ROOT_USER").flatMap(vars::usable);
            password = vars.take("DATABASE_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD");
        }
        String userName = user.map(EnvConfParser.Assignment::value).orElse("");
        entry(1, "user", userName, user.map(EnvConfImporter::from)
                .orElse("not in env.conf: the MySQL user hactl logs in as"));
        entry(1, "password_file", DB_PASSWORD_FILE, password
                .map(p -> p.name() + " (line " + p.line() + ") is not copied: put it in this file, mode 0600")
                .orElse("put the password in this file, mode 0600"));
        todo.add("put the password of database user " + (userName.isEmpty() ? "(database.user)" : userName)
                + password.map(p -> " (" + p.name() + " in env.conf, line " + p.line() + ")").orElse("")
                + " alone on the first line of " + DB_PASSWORD_FILE + ": install -m 600 /dev/null " + DB_PASSWORD_FILE
                + ", then edit it");
        replication(userName);
        vars.take("MYSQL_CONNECT_TIMEOUT", "DATABASE_CONNECT_TIMEOUT", "DB_CONNECT_TIMEOUT").flatMap(vars::usable)
                .ifPresent(t -> duration(1, "connect_timeout", t, "database.connect_timeout"));
        vars.take("MYSQL_ERROR_LOG", "MYSQL_LOG", "DATABASE_ERROR_LOG").flatMap(vars::usable).ifPresent(log -> {
            if (log.value().startsWith("/")) {
                entry(1, "error_log", log.value(), from(log));
            } else {
                vars.unmapped(log, "not an absolute path: write database.error_log by hand");
            }
        });
        line("");
    }

    private void replication(String databaseUser) {
        line("  replication:");
        Optional<EnvConfParser.Assignment> user = vars.take("REPLICATION_USER", "DATABASE_REPLICATION_USER",
                "REPL_USER", "MYSQL_REPLICATION_USER").flatMap(vars::usable);
        Optional<EnvConfParser.Assignment> password = vars.take("REPLICATION_PASSWORD",
                "DATABASE_REPLICATION_PASSWORD", "REPL_PASSWORD", "MYSQL_REPLICATION_PASSWORD");
        String userName = user.map(EnvConfParser.Assignment::value).orElse(databaseUser);
        entry(2, "user", userName, user.map(EnvConfImporter::from).orElse("not in env.conf: the old scripts"
                + " replicated as the database user (the replica's Master_User)"));
        entry(2, "password_file", REPLICATION_PASSWORD_FILE, password
                .map(p -> p.name() + " (line " + p.line() + ") is not copied: put it in this file, mode 0600")
                .orElse("put the replication user's password in this file, mode 0600"));
        todo.add("put the password of replication user " + (userName.isEmpty() ? "(replication.user)" : userName)
                + password.map(p -> " (" + p.name() + " in env.conf, line " + p.line() + ")").orElse("")
                + " alone on the first line of " + REPLICATION_PASSWORD_FILE + ": install -m 600 /dev/null "
                + REPLICATION_PASSWORD_FILE + ", then edit it");
    }

    private void services() {
        List<EnvConfParser.Assignment> directories = new ArrayList<>();
        List<LegacyService> found = new ArrayList<>();
        for (LegacyService s : LegacyService.values()) {
            vars.take(s.directoryVariables()).flatMap(vars::usable).ifPresent(dir -> {
                if (dir.value().startsWith("/")) {
                    found.add(s);
                    directories.add(dir);
                } else {
                    vars.unmapped(dir, "not an absolute path: the " + s.serviceName() + " service was left out;"
                            + " add it by hand");
                }
            });
        }
        if (found.isEmpty()) {
            line("services: []   # env.conf names no JBOSS_DIR, POLOPOLY_DIR or TOMCAT_DIR: add the services");
            todo.add("add the application services to services: (see conf/hactl.yml)");
            line("");
            return;
        }
        line("# In the old start.sh order (jboss, polopoly, tomcat); stop runs in reverse.");
        if (javaHome != null) {
            vars.markUsed(javaHome);
            line("# JAVA_HOME (line " + javaHome.line() + ") is set in the commands and is part of the process patterns.");
        }
        line("services:");
        for (int i = 0; i < found.size(); i++) {
            service(found.get(i), directories.get(i));
        }
        line("");
    }

    private void service(LegacyService s, EnvConfParser.Assignment directory) {
        String dir = directory.value();
        String java = javaHome == null ? null : javaHome.value();
        String javaPrefix = java == null ? "" : "JAVA_HOME=" + java + " ";
        entry(1, "- name", s.serviceName(), null);
        entry(2, "directory", dir, from(directory));
        entry(2, "start", javaPrefix + s.start(dir), s.startComment());
        entry(2, "stop", javaPrefix + s.stop(dir), null);
        entry(2, "process", s.processPattern(dir, java), "like the old FAQ's ps -fea | grep");
        String upper = s.serviceName().toUpperCase(Locale.ROOT);
        vars.take(upper + "_PORT").flatMap(vars::usable).ifPresent(p -> {
            if (p.value().matches("\\d{1,5}")) {
                line("    port: " + p.value() + "   # " + from(p));
            } else {
                vars.unmapped(p, "not a port number: write the " + s.serviceName() + " service's port by hand");
            }
        });
        vars.peek(upper + "_START_TIMEOUT", "START_TIMEOUT", "SERVICE_START_TIMEOUT").ifPresent(t -> {
            vars.markUsed(t);
            duration(2, "start_timeout", t, s.serviceName() + "'s start_timeout");
        });
        vars.peek(upper + "_STOP_TIMEOUT", "STOP_TIMEOUT", "SERVICE_STOP_TIMEOUT").ifPresent(t -> {
            vars.markUsed(t);
            duration(2, "stop_timeout", t, s.serviceName() + "'s stop_timeout");
        });
        if (s.log(dir) != null) {
            entry(2, "log", s.log(dir), "the old 'Log files' page");
        }
    }

    private void backup() {
        Optional<EnvConfParser.Assignment> dir = vars.take("BACKUP_DIRECTORY", "BACKUP_DIR").flatMap(vars::usable);
        Optional<EnvConfParser.Assignment> keep = vars.take("BACKUP_KEEP_DAYS", "BACKUP_DAYS").flatMap(vars::usable);
        boolean header = false;
        if (dir.isPresent() && dir.get().value().startsWith("/")) {
            line("backup:");
            header = true;
            entry(1, "directory", dir.get().value(), from(dir.get()));
        } else {
            dir.ifPresent(d -> vars.unmapped(d, "not an absolute path: backup.directory keeps its default "
                    + Defaults.BACKUP_DIRECTORY));
        }
        if (keep.isPresent()) {
            String v = keep.get().value().strip();
            if (v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 36500) {
                if (!header) {
                    line("backup:");
                }
                entry(1, "keep_days", v, from(keep.get()) + "; hactl keeps that many days, today included");
            } else {
                vars.unmapped(keep.get(), "not a number of days 1-36500: write backup.keep_days by hand");
            }
        }
    }

    /** A timeout in seconds (as the old scripts counted) or with a unit. */
    private void duration(int indent, String key, EnvConfParser.Assignment value, String where) {
        String text = value.value().strip();
        String yamlValue = text.matches("\\d{1,6}") ? text + "s" : text;
        try {
            if (Durations.parse(yamlValue).isZero()) {
                throw new IllegalArgumentException("zero");
            }
            entry(indent, key, yamlValue, from(value));
        } catch (IllegalArgumentException e) {
            vars.unmapped(value, "not a number of seconds: " + where + " keeps its default");
        }
    }

    private void entry(int indent, String key, String value, String comment) {
        String text = "  ".repeat(indent) + key + ": " + YamlText.scalar(value);
        line(comment == null ? text : text + "   # " + comment);
    }

    private void line(String text) {
        yaml.append(text).append('\n');
    }

    private static String from(EnvConfParser.Assignment a) {
        return a.name() + ", line " + a.line();
    }
}
