package io.hactl.console;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the pair page's live part ({@code console/pair :: live}) for a view, outside any request:
 * what the live updates send. The same template as the page's, so the two never differ. Line ends
 * are plain {@code \n}: a carriage return from the pair's own text (an error message) would end an
 * event's line in the stream.
 */
public class ConsoleFragment {

    static final String TEMPLATE = "console/pair";
    static final String FRAGMENT = "live";

    private final ITemplateEngine engine;

    public ConsoleFragment(ITemplateEngine engine) {
        this.engine = engine;
    }

    public String render(ConsolePairView view) {
        String html = engine.process(TEMPLATE, Set.of(FRAGMENT), new Context(Locale.ROOT, Map.of("view", view)));
        return html.replace("\r\n", "\n").replace('\r', '\n');
    }
}
