package io.hactl.config;

import java.util.List;

/**
 * The three services of the old scripts, in start.sh's order, with the commands, process
 * patterns and logs the old documentation gives for them.
 */
enum LegacyService {

    JBOSS("jboss", List.of("JBOSS_DIR", "JBOSS_HOME"), "/bin/java"),
    POLOPOLY("polopoly", List.of("POLOPOLY_DIR", "POLOPOLY_HOME"), "/jre/bin/java"),
    TOMCAT("tomcat", List.of("TOMCAT_DIR", "CATALINA_HOME"), "/bin/java");

    private final String serviceName;
    private final List<String> directoryVariables;
    private final String javaBinary;

    LegacyService(String serviceName, List<String> directoryVariables, String javaBinary) {
        this.serviceName = serviceName;
        this.directoryVariables = directoryVariables;
        this.javaBinary = javaBinary;
    }

    String serviceName() {
        return serviceName;
    }

    String[] directoryVariables() {
        return directoryVariables.toArray(String[]::new);
    }

    String start(String dir) {
        return switch (this) {
            // run.sh stays in the foreground: start.sh ran it in the background, output to start.log
            case JBOSS -> "nohup " + dir + "/bin/run.sh > " + log(dir) + " 2>&1 < /dev/null &";
            case POLOPOLY -> dir + "/bin/polopoly start";
            case TOMCAT -> dir + "/bin/startup.sh";
        };
    }

    String startComment() {
        return this == JBOSS ? "in the background with its output in start.log, as the old start.sh did" : null;
    }

    String stop(String dir) {
        return switch (this) {
            case JBOSS -> dir + "/bin/shutdown.sh --server=localhost -S";
            case POLOPOLY -> dir + "/bin/polopoly stop";
            case TOMCAT -> dir + "/bin/shutdown.sh";
        };
    }

    /** The log the old "Log files" page names; null when it names none. */
    String log(String dir) {
        return switch (this) {
            case JBOSS -> dir + "/server/default/log/start.log";
            case POLOPOLY -> null;
            case TOMCAT -> dir + "/logs/catalina.out";
        };
    }

    /**
     * A pgrep -f pattern like the old FAQ's {@code ps -fea | grep DIR | grep $JAVA_HOME/bin/java}:
     * the JVM binary, then the service's directory, on one command line.
     */
    String processPattern(String dir, String javaHome) {
        return javaHome == null ? regex(dir) : regex(javaHome + javaBinary) + ".*" + regex(dir);
    }

    /** Escapes what is special in an extended regex, except '.', which matches itself too. */
    private static String regex(String literal) {
        return literal.replaceAll("([\\\\^$|?*+()\\[\\]{}])", "\\\\$1");
    }
}
