package io.hactl.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last lines of a service's log as a restart proposal's evidence: at most {@value #LINES},
 * each cut to {@value #WIDTH} characters (a stack trace or a dumped request line can be
 * kilobytes; the evidence goes to the transition log, alerts and the API), and what looks like a
 * secret masked: a {@code password=...}-style value, and any known password of the config that
 * appears. The log is the application's: hactl cannot know every secret in it, only avoid the
 * obvious ones.
 */
public final class LogTail {

    public static final int LINES = 5;
    public static final int WIDTH = 300;
    static final String MASK = "*****";

    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)");

    private LogTail() {
    }

    /** The last {@link #LINES} of {@code lines}, cut and masked; {@code secrets}: values never shown. */
    public static List<String> clean(List<String> lines, List<String> secrets) {
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(Math.max(0, lines.size() - LINES), lines.size())) {
            String l = KEY_VALUE.matcher(line).replaceAll("$1$2" + MASK);
            for (String s : secrets) {
                if (s != null && s.length() >= 4) {
                    l = l.replace(s, MASK);
                }
            }
            out.add(l.length() <= WIDTH ? l : l.substring(0, WIDTH) + " ... (" + (l.length() - WIDTH)
                    + " characters cut)");
        }
        return out;
    }
}
