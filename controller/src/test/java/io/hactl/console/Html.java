package io.hactl.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.attoparser.dom.DOMMarkupParser;
import org.attoparser.dom.Element;
import org.attoparser.dom.INestableNode;
import org.attoparser.dom.INode;
import org.attoparser.dom.Text;
import org.unbescape.html.HtmlEscape;

/**
 * A page parsed as HTML (Thymeleaf's own parser, AttoParser) and looked into with the CSS selectors the
 * browser test uses: descendants separated by spaces, each {@code tag#id.class[attr=value]} (any part optional).
 */
final class Html {

    private static final Pattern PART = Pattern.compile("([a-zA-Z][a-zA-Z0-9-]*)|#([\\w-]+)|\\.([\\w-]+)"
            + "|\\[([\\w-]+)(?:=([^\\]]*))?]");

    private final INestableNode root;

    private Html(INestableNode root) {
        this.root = root;
    }

    static Html parse(String html) {
        try {
            return new Html(new DOMMarkupParser(ParseConfiguration.htmlConfiguration()).parse(html));
        } catch (ParseException e) {
            throw new AssertionError("not HTML: " + e.getMessage() + "\n" + html, e);
        }
    }

    /** Every element matching {@code selector}, in document order. */
    List<Element> all(String selector) {
        List<INestableNode> at = List.of(root);
        for (String simple : selector.trim().split("\\s+")) {
            List<INestableNode> next = new ArrayList<>();
            for (INestableNode n : at) {
                descendants(n, simple, next);
            }
            at = next.stream().distinct().toList();
        }
        return at.stream().map(Element.class::cast).toList();
    }

    /** The one element matching {@code selector}: an assertion error naming it when there is none or several. */
    Element one(String selector) {
        List<Element> found = all(selector);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements match '" + selector + "', expected one");
        }
        return found.get(0);
    }

    boolean has(String selector) {
        return !all(selector).isEmpty();
    }

    /** The text of the one element matching {@code selector}, entities decoded, white space collapsed. */
    String text(String selector) {
        return text(one(selector));
    }

    List<String> texts(String selector) {
        return all(selector).stream().map(Html::text).toList();
    }

    static String text(INode n) {
        StringBuilder sb = new StringBuilder();
        collect(n, sb);
        return HtmlEscape.unescapeHtml(sb.toString()).replaceAll("\\s+", " ").trim();
    }

    private static void collect(INode n, StringBuilder sb) {
        if (n instanceof Text t) {
            sb.append(t.getContent());
        } else if (n instanceof INestableNode p) {
            for (INode c : p.getChildren()) {
                collect(c, sb);
            }
        }
    }

    private static void descendants(INestableNode n, String simple, List<INestableNode> out) {
        for (INode c : n.getChildren()) {
            if (c instanceof Element e) {
                if (matches(e, simple)) {
                    out.add(e);
                }
                descendants(e, simple, out);
            }
        }
    }

    private static boolean matches(Element e, String simple) {
        Matcher m = PART.matcher(simple);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("cannot read selector part '" + simple + "'");
            }
            end = m.end();
            if (m.group(1) != null && !e.getElementName().equalsIgnoreCase(m.group(1))) {
                return false;
            }
            if (m.group(2) != null && !m.group(2).equals(e.getAttributeValue("id"))) {
                return false;
            }
            if (m.group(3) != null && (e.getAttributeValue("class") == null
                    || !Arrays.asList(e.getAttributeValue("class").split("\\s+")).contains(m.group(3)))) {
                return false;
            }
            if (m.group(4) != null && (!e.hasAttribute(m.group(4)) || m.group(5) != null
                    && !m.group(5).equals(HtmlEscape.unescapeHtml(e.getAttributeValue(m.group(4)))))) {
                return false;
            }
        }
        if (end != simple.length()) {
            throw new IllegalArgumentException("cannot read selector part '" + simple + "'");
        }
        return true;
    }
}
