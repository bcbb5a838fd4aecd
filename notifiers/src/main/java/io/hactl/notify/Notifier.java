package io.hactl.notify;

/** One way of telling an operator: email, a chat webhook, a program. */
public interface Notifier {

    /**
     * Delivers the alert once (no retries: {@link AlertDispatcher} retries). Throws when it was
     * not delivered; the message never holds a secret.
     */
    void send(Alert alert) throws NotifierException;

    /** Where it sends, without secrets, for messages: "smtp mail.example:587 → 2 recipients", "https://hooks.example/…". */
    String target();
}
