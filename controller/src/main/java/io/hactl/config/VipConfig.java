package io.hactl.config;

/** A virtual IP address with its prefix length, e.g. 198.51.100.89/24. */
public record VipConfig(String address, int prefixLength) {
    public String cidr() {
        return address + "/" + prefixLength;
    }
}
