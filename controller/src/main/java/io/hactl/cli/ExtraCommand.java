package io.hactl.cli;

/**
 * A top-level command from outside the product, found with {@link java.util.ServiceLoader}: a jar on
 * the classpath names its class in {@code META-INF/services/io.hactl.cli.ExtraCommand}. The lab
 * module's {@code hactl lab ...} is one: the lab is a development tool of the repository, so the
 * product's jar does not carry it, and bin/hactl puts the lab's jar on the classpath when the
 * checkout has one. An extra command gets what every command gets: bad usage exits
 * {@link Main#USAGE}, listed in its help.
 */
public interface ExtraCommand {

    /** A picocli command: an object of a class annotated with {@code @Command}, whose name follows "hactl". */
    Object command();
}
