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

/**
 * A page as the browser test sees it, for MockMvc tests: parsed with Thymeleaf's own HTML parser
 * (attoparser, already on the classpath: no test dependency added) and queried with the simple CSS
 * selectors the contract names: {@code tag}, {@code #id}, {@code .class}, {@code [attr]},
 * {@code [attr=value]}, compounded, with descendants ({@code "article.proposal .plan li"}).
 */
final class PageDom {

    private static final Pattern PART = Pattern.compile("([a-zA-Z0-9]+)|#([\\w-]+)|\\.([\\w-]+)"
            + "|\\[([\\w-]+)(?:=([^\\]]*))?\\]");

    private final INestableNode root;

    private PageDom(INestableNode root) {
        this.root = root;
    }

    static PageDom parse(String html) {
        try {
            return new PageDom(new DOMMarkupParser(ParseConfiguration.htmlConfiguration()).parse(html));
        } catch (ParseException e) {
            throw new AssertionError("the page does not parse as HTML: " + e.getMessage() + "\n" + html, e);
        }
    }

    /** The elements that match {@code selector}, in document order. */
    List<Element> all(String selector) {
        List<INestableNode> scope = List.of(root);
        for (String compound : selector.trim().split("\\s+")) {
            List<INestableNode> next = new ArrayList<>();
            for (INestableNode s : scope) {
                for (Element e : descendants(s)) {
                    if (matches(e, compound) && !next.contains(e)) {
                        next.add(e);
                    }
                }
            }
            scope = next;
        }
        return scope.stream().map(Element.class::cast).toList();
    }

    /** The texts of the elements {@code selector} matches, whitespace collapsed. */
    List<String> texts(String selector) {
        return all(selector).stream().map(PageDom::text).toList();
    }

    /** The one element {@code selector} matches. */
    Element one(String selector) {
        List<Element> found = all(selector);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements match '" + selector + "', expected one");
        }
        return found.get(0);
    }

    /** The value of {@code e}'s attribute {@code name}, its character references read (&amp;amp; is &amp;). */
    static String attr(Element e, String name) {
        String v = e.getAttributeValue(name);
        return v == null ? null : org.springframework.web.util.HtmlUtils.htmlUnescape(v);
    }

    static String text(INode n) {
        StringBuilder sb = new StringBuilder();
        collect(n, sb);
        return sb.toString().replaceAll("\\s+", " ").strip();
    }

    private static void collect(INode n, StringBuilder sb) {
        if (n instanceof Text t) {
            sb.append(org.springframework.web.util.HtmlUtils.htmlUnescape(t.getContent()));
        } else if (n instanceof INestableNode p) {
            for (INode c : p.getChildren()) {
                collect(c, sb);
            }
        }
    }

    private static List<Element> descendants(INestableNode n) {
        List<Element> out = new ArrayList<>();
        for (INode c : n.getChildren()) {
            if (c instanceof Element e) {
                out.add(e);
                out.addAll(descendants(e));
            } else if (c instanceof INestableNode p) {
                out.addAll(descendants(p));
            }
        }
        return out;
    }

    private static boolean matches(Element e, String compound) {
        Matcher m = PART.matcher(compound);
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                throw new IllegalArgumentException("selector part not understood: " + compound);
            }
            at = m.end();
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
            if (m.group(4) != null && (!e.hasAttribute(m.group(4))
                    || m.group(5) != null && !m.group(5).equals(e.getAttributeValue(m.group(4))))) {
                return false;
            }
        }
        if (at != compound.length()) {
            throw new IllegalArgumentException("selector part not understood: " + compound);
        }
        return true;
    }
}
