package io.hactl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Makes the {@code services} list, each name and port once, in start order ({@code start_order} when given). */
final class ServicesBinder {

    private ServicesBinder() {
    }

    /** @param databasePort the database's port (null when unknown), which no service may use */
    static List<ServiceConfig> read(Problems c, List<HactlYaml.Service> items, List<String> startOrder,
                                    Integer databasePort) {
        if (items == null) {
            return List.of();   // missing: reported
        }
        if (items.isEmpty()) {
            c.error("services", "no services listed: add at least one (name, start, stop, process)");
        }
        List<ServiceConfig> services = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<Integer, String> ports = new HashMap<>();
        if (databasePort != null) {
            ports.put(databasePort, "the database (database.port)");
        }
        for (int i = 0; i < items.size(); i++) {
            String at = "services[" + i + "]";
            HactlYaml.Service s = items.get(i);
            ServiceConfig service = new ServiceConfig(c.valid(at + ".name", s.name()), s.start(), s.stop(),
                    s.process(), c.valid(at + ".port", s.port()),
                    c.or(at + ".start_timeout", s.startTimeout(), Defaults.SERVICE_START_TIMEOUT),
                    c.or(at + ".stop_timeout", s.stopTimeout(), Defaults.SERVICE_STOP_TIMEOUT),
                    c.valid(at + ".log", s.log()), c.valid(at + ".directory", s.directory()));
            services.add(service);
            if (service.name() != null) {
                Integer first = names.putIfAbsent(service.name(), c.line(at + ".name"));
                if (first != null) {
                    c.error(at + ".name", "'" + service.name() + "' is also the name of the service at line " + first
                            + ": give each service its own name");
                }
            }
            if (service.port() != null) {
                String owner = ports.putIfAbsent(service.port(), "service " + service.name());
                if (owner != null) {
                    c.error(at + ".port", service.port() + " is also the port of " + owner + ": two servers cannot"
                            + " listen on one port; give this service its own port");
                }
            }
        }
        return StartOrder.apply(c, services, startOrder);
    }
}
