package io.hactl.console;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * A console page as the browser test sees it, for MockMvc tests: parsed by jsoup and queried with the CSS
 * selectors of the console's contract ({@code "article.proposal[data-id=p1] .plan li"}). Text is
 * jsoup's: entities decoded, white space collapsed.
 */
final class Html {

    private final Document doc;

    private Html(Document doc) {
        this.doc = doc;
    }

    static Html parse(String html) {
        return new Html(Jsoup.parse(html));
    }

    /** Every element matching {@code selector}, in document order. */
    List<Element> all(String selector) {
        return doc.select(quoted(selector));
    }

    /** The one element matching {@code selector}: an assertion error naming it when there is none or several. */
    Element one(String selector) {
        Elements found = doc.select(quoted(selector));
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements match '" + selector + "', expected one");
        }
        return found.get(0);
    }

    boolean has(String selector) {
        return !doc.select(quoted(selector)).isEmpty();
    }

    /** The text of the one element matching {@code selector}. */
    String text(String selector) {
        return one(selector).text();
    }

    List<String> texts(String selector) {
        return all(selector).stream().map(Element::text).toList();
    }

    static String text(Element e) {
        return e.text();
    }

    /**
     * The contract writes attribute values bare ({@code [data-day=2026-12-03]}); CSS (and jsoup) wants a value
     * that is not an identifier quoted: quote every bare one.
     */
    private static String quoted(String selector) {
        return selector.replaceAll("\\[([\\w-]+)=([^\\]\"']+)]", "[$1=\"$2\"]");
    }
}
