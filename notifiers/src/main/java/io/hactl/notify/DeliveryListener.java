package io.hactl.notify;

/**
 * Told what became of each alert on each channel. The controller writes {@code alert} and
 * {@code alert-failed} lines to the transition log from it. Called on the channel's worker
 * thread; what it throws is logged and ignored.
 */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {
        @Override
        public void delivered(Alert alert, DeliveryResult result) {
        }

        @Override
        public void failed(Alert alert, DeliveryResult result) {
        }
    };

    void delivered(Alert alert, DeliveryResult result);

    /** After the last try, when the circuit breaker refused it, or when it was dropped (queue full, shut down). */
    void failed(Alert alert, DeliveryResult result);
}
