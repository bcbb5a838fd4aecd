package io.hactl.config;

import java.util.regex.Pattern;

/** Strict IPv4 syntax: four numbers 0-255 without leading zeros, and the {@code a.b.c.d/prefix} form of VIPs. */
public final class Ipv4 {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern ADDRESS = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private Ipv4() {
    }

    public static boolean isAddress(String text) {
        return text != null && ADDRESS.matcher(text).matches();
    }

    /** Why {@code text} is not an address (for error messages), assuming {@link #isAddress} is false. */
    public static String whyNotAddress(String text) {
        if (text.contains("/")) {
            return "'" + text + "' has a prefix length: write the address alone, e.g. 198.51.100.11";
        }
        if (HOST_NAME.matcher(text).matches() && text.chars().anyMatch(Character::isLetter)) {
            return "'" + text + "' is a host name: write the node's IPv4 address (hactl checks the VIPs against it),"
                    + " e.g. 198.51.100.11";
        }
        return "'" + text + "' is not an IPv4 address: write four numbers 0-255 without leading zeros,"
                + " e.g. 198.51.100.11";
    }

    /** Parses {@code a.b.c.d/prefix}; throws IllegalArgumentException saying how to write it. */
    public static VipConfig parseVip(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            if (isAddress(t)) {
                throw new IllegalArgumentException("'" + t + "' has no prefix length: write it as " + t
                        + "/24 (the prefix of the nodes' network)");
            }
            throw new IllegalArgumentException("'" + t + "' is not a VIP: write address/prefix, e.g. 198.51.100.89/24");
        }
        String address = t.substring(0, slash);
        String prefix = t.substring(slash + 1);
        if (!isAddress(address)) {
            throw new IllegalArgumentException("'" + t + "': " + whyNotAddress(address));
        }
        if (!prefix.matches("\\d{1,2}") || Integer.parseInt(prefix) < 1 || Integer.parseInt(prefix) > 32) {
            throw new IllegalArgumentException("'" + t + "': the prefix length must be a number 1-32 (usually 24)");
        }
        return new VipConfig(address, Integer.parseInt(prefix));
    }
}
