package io.hactl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.check.ReportJson;
import io.hactl.lab.Lab;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the database commands' lab tests: run hactl in-process, read check, the transition log. */
final class DbLab {

    private DbLab() {
    }

    static CheckLabIT.Run hactl(Lab lab, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--config");
        a.add(lab.config().toString());
        CheckLabIT.Run r = CheckLabIT.hactl(a.toArray(String[]::new));
        System.out.println("$ hactl " + String.join(" ", args) + "   (exit " + r.exit() + ")\n" + r.out() + r.err());
        return r;
    }

    static CheckLabIT.Run masterSet(Lab lab, String node, String... more) {
        List<String> a = new ArrayList<>(List.of("db-master-set", "--node", node));
        a.addAll(List.of(more));
        return hactl(lab, a.toArray(String[]::new));
    }

    static JsonNode check(Lab lab) throws Exception {
        return ReportJson.mapper().readTree(CheckLabIT.hactl("check", "--json", "--config", lab.config().toString()).out());
    }

    static String dbCode(Lab lab) throws Exception {
        return check(lab).at("/db/code").asText();
    }

    /** What a dry run must not change: VIP holders, each node's role and position, the services' PIDs. */
    static String pairState(JsonNode check) {
        StringBuilder sb = new StringBuilder();
        JsonNode s = check.at("/snapshot");
        sb.append("dbVip=").append(s.at("/dbVip/holders")).append(" appVip=").append(s.at("/appVip/holders"));
        for (JsonNode n : s.at("/nodes")) {
            sb.append(" | ").append(n.at("/name").asText()).append(" ro=").append(n.at("/db/readOnly").asText())
                    .append(" master=").append(n.at("/db/replica/masterHost").asText("-"))
                    .append(" io=").append(n.at("/db/replica/ioState").asText("-"))
                    .append(" gtid=").append(n.at("/db/gtidCurrentPos").asText());
            for (JsonNode sv : n.at("/services")) {
                sb.append(' ').append(sv.at("/name").asText()).append('=').append(sv.at("/pids"));
            }
        }
        return sb.toString();
    }

    static List<TransitionEntry> transitions(Lab lab) {
        return new TransitionLog(lab.dir().resolve("state")).read();
    }

    /** The entries of the last run of {@code operation}. */
    static List<OperationEntry> lastRun(Lab lab, String operation) {
        List<OperationEntry> all = new TransitionLog(lab.dir().resolve("state")).read(OperationEntry.class);
        String id = null;
        for (OperationEntry e : all) {
            if (operation.equals(e.operation()) && e.event() == Event.OPERATION_START) {
                id = e.operationId();
            }
        }
        String runId = id;
        return all.stream().filter(e -> runId != null && runId.equals(e.operationId())).toList();
    }

    /** The step lines a command printed ("   3. n1   set read_only=ON ... ok (1 ms)"), as "n1 set read_only=ON". */
    static List<String> printedSteps(String out) {
        List<String> steps = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^ +\\d+\\. (\\S*) +(.+?) \\.\\.\\. ").matcher(out);
        while (m.find()) {
            steps.add(m.group(1) + " " + m.group(2));
        }
        return steps;
    }

    static String sql(Lab lab, String node, String sql) {
        return lab.sqlAsRoot(node, sql).strip();
    }
}
