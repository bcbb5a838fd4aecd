package io.hactl.notify;

import java.net.URI;

/** Hides the secret parts of what notifiers hold: a webhook URL's path and query, a password. */
public final class Redact {

    private Redact() {
    }

    /** {@code https://hooks.slack.com/services/T0/B0/XYZ} → {@code https://hooks.slack.com/…}. */
    public static String url(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        boolean secret = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null;
        return uri.getScheme() + "://" + host + port + (secret ? "/…" : "/");
    }

    /** {@code text} with every occurrence of each secret replaced by "******". */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                s = s.replace(secret, "******");
            }
        }
        return s;
    }

    /** The URL's secret parts alone, to scrub from messages: the full text, the path, the query. */
    static String[] parts(URI uri) {
        return new String[] {uri.toString(), uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                uri.getRawQuery(), uri.getRawPath()};
    }
}
