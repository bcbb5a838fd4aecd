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
    static List<ServiceConfig> apply(Problems c, List<ServiceConfig> services, List<String> order) {
        if (order == null || c.has("start_order") && c.valid("start_order", order) == null) {
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
        for (int i = 0; i < order.size(); i++) {
            String entry = order.get(i);
            int line = c.line("start_order[" + i + "]");
            Integer first = seenAt.putIfAbsent(entry, line);
            if (first != null) {
                c.error(line, "start_order", "'" + entry + "' is listed twice in start_order (also at line "
                        + first + "): list each service once");
                ok = false;
            } else if (!byName.containsKey(entry)) {
                c.error(line, "start_order", "'" + entry + "' is not a configured service (services: "
                        + String.join(", ", byName.keySet()) + "): fix the name in start_order or add the service");
                ok = false;
            } else {
                ordered.add(byName.get(entry));
            }
        }
        for (String name : byName.keySet()) {
            if (!seenAt.containsKey(name)) {
                c.error("start_order", "service '" + name + "' is missing from start_order: list every service"
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
