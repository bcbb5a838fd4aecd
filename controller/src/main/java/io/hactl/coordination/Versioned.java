package io.hactl.coordination;

/**
 * A value read from ZooKeeper with its node's version. A proposal's version is what an
 * acknowledgement is tied to: a decision names the version the operator saw.
 */
public record Versioned<T>(T value, int version) {
}
