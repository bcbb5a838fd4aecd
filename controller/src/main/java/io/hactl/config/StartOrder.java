package io.hactl.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks {@code start_order} (every configured service exactly once) and orders the services by it. */
final class StartOrder {

    private StartOrder() {
    }

    /**
     * @param order the start_order entries, or null when there is none
     * @return the services in start order; the listed order when start_order is absent or wrong
     */
    static List<ServiceConfig> apply(List<ServiceConfig> services, List<YamlMap.Located> order, YamlMap root) {
        if (order == null) {
            return List.copyOf(services);
        }
        Map<String, ServiceConfig> byName = new LinkedHashMap<>();
        for (ServiceConfig s : services) {
            if (s.name() != null) {
                byName.putIfAbsent(s.name(), s);
            }
        }
        boolean ok = true;
        Map<String, Integer> seenAt = new HashMap<>();
        List<ServiceConfig> ordered = new ArrayList<>();
        for (YamlMap.Located entry : order) {
            Integer first = seenAt.putIfAbsent(entry.value(), entry.line());
            if (first != null) {
                root.errorAt(entry.line(), "start_order", "'" + entry.value() + "' is listed twice in start_order (also at line "
                        + first + "): list each service once");
                ok = false;
            } else if (!byName.containsKey(entry.value())) {
                root.errorAt(entry.line(), "start_order", "'" + entry.value() + "' is not a configured service (services: "
                        + String.join(", ", byName.keySet()) + "): fix the name in start_order or add the service");
                ok = false;
            } else {
                ordered.add(byName.get(entry.value()));
            }
        }
        for (String name : byName.keySet()) {
            if (!seenAt.containsKey(name)) {
                root.error("start_order", "service '" + name + "' is missing from start_order: list every service"
                        + " exactly once (or remove start_order to start them in the order listed)");
                ok = false;
            }
        }
        if (!ok || byName.size() != services.size()) { // wrong, unnamed or same-named services: keep the file's order
            return List.copyOf(services);
        }
        return List.copyOf(ordered);
    }
}
