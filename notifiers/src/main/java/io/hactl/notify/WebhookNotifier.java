package io.hactl.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Posts an alert as JSON to a webhook: Slack's {@code {"text": ...}} (also Mattermost and
 * Rocket.Chat), a Teams Adaptive Card, or hactl's generic payload (docs/alerts.md). A 2xx answer
 * is delivery; anything else fails with the status code. The URL's path and query (where a
 * webhook keeps its secret) appear nowhere: messages show {@link #target()}.
 */
public final class WebhookNotifier implements Notifier {

    public enum Format { SLACK, TEAMS, GENERIC }

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final URI url;
    private final Format format;
    private final Duration timeout;
    private final HttpClient client;
    private final String target;

    /**
     * @param url     the webhook URL, with its secret (read by the caller from a file or the environment)
     * @param timeout the connect timeout and the whole request's timeout
     */
    public WebhookNotifier(URI url, Format format, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("a webhook URL must start with https:// (or http://), not "
                    + (scheme.isEmpty() ? "nothing" : scheme + "://"));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the webhook URL has no host name: " + Redact.url(url));
        }
        this.url = url;
        this.format = format;
        this.timeout = timeout;
        this.target = Redact.url(url);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void send(Alert alert) throws NotifierException {
        ObjectNode json = switch (format) {
            case SLACK -> AlertJson.slack(alert);
            case TEAMS -> AlertJson.teams(alert);
            case GENERIC -> AlertJson.generic(alert);
        };
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "hactl")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AlertJson.bytes(json))).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw fail("no answer within " + timeout.toMillis() + " ms (" + e.getClass().getSimpleName()
                    + "): is the webhook host reachable from here?", true);
        } catch (IOException e) {
            throw fail("cannot post: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                    + ": check the host and port, and any proxy or firewall on the way", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while posting", false);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            if (body.length() > MAX_BODY_IN_MESSAGE) {
                body = body.substring(0, MAX_BODY_IN_MESSAGE) + "…";
            }
            boolean retryable = status >= 500 || status == 408 || status == 429;
            throw fail("HTTP " + status + (body.isEmpty() ? "" : " \"" + body + "\"") + (retryable ? ""
                    : ": the receiver refused the message; check the webhook URL (in its *_file) and the channel's"
                    + " type (slack, teams, webhook)"), retryable);
        }
    }

    private NotifierException fail(String what, boolean retryable) {
        return new NotifierException(Redact.scrub(format.name().toLowerCase(Locale.ROOT) + " webhook " + target + ": "
                + what, Redact.parts(url)), retryable);
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + format + " " + target + "]";
    }
}
