package io.hactl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code services} list and puts it in start order ({@code start_order} when given). */
final class ServicesBinder {

    static final Set<String> KEYS = Set.of("name", "directory", "start", "stop", "process", "port",
            "start_timeout", "stop_timeout", "log");
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]*";

    private ServicesBinder() {
    }

    /** @param databasePort the database's port (null when unknown), which no service may use */
    static List<ServiceConfig> read(YamlMap root, Integer databasePort) {
        if (!root.has("services")) {
            root.missing("services", "the application services to run on the active node, in start order"
                    + " (name, start, stop, process); see conf/hactl.yml");
            return List.of();
        }
        List<ServiceConfig> services = new ArrayList<>();
        List<YamlMap> items = root.listOfMaps("services", KEYS);
        if (items.isEmpty()) {
            root.error("services", "no services listed: add at least one (name, start, stop, process)");
        }
        Map<String, Integer> names = new HashMap<>();
        Map<Integer, String> ports = new HashMap<>();
        if (databasePort != null) {
            ports.put(databasePort, "the database (database.port)");
        }
        for (YamlMap item : items) {
            ServiceConfig service = service(item);
            services.add(service);
            if (service.name() != null) {
                Integer first = names.putIfAbsent(service.name(), item.lineOf("name"));
                if (first != null) {
                    item.error("name", "'" + service.name() + "' is also the name of the service at line " + first
                            + ": give each service its own name");
                }
            }
            if (service.port() != null) {
                String owner = ports.putIfAbsent(service.port(), "service " + service.name());
                if (owner != null) {
                    item.error("port", service.port() + " is also the port of " + owner + ": two servers cannot"
                            + " listen on one port; give this service its own port");
                }
            }
        }
        return StartOrder.apply(services, root.listOfStrings("start_order"), root);
    }

    private static ServiceConfig service(YamlMap s) {
        String name = s.required("name", "a short name for the service, e.g. name: tomcat");
        if (name != null && !name.matches(NAME_PATTERN)) {
            s.error("name", "'" + name + "' is not a service name: use letters, digits, '.', '_' and '-'");
            name = null;
        }
        String start = s.required("start", "the command that starts the service (it must return once the"
                + " service is started), e.g. start: /opt/tomcat/bin/startup.sh");
        String stop = s.required("stop", "the command that stops the service, e.g. stop: /opt/tomcat/bin/shutdown.sh");
        String process = s.required("process", "a pattern matched against full command lines (pgrep -f) that"
                + " finds the service's processes and nothing else, e.g. process: \"org.apache.catalina.startup.Bootstrap\"");
        return new ServiceConfig(name, start, stop, process, s.port("port", null),
                s.duration("start_timeout", Defaults.SERVICE_START_TIMEOUT),
                s.duration("stop_timeout", Defaults.SERVICE_STOP_TIMEOUT),
                s.absolutePath("log"), s.absolutePath("directory"));
    }
}
