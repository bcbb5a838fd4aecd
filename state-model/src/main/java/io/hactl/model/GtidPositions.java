package io.hactl.model;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Small helpers over GTID position strings (MariaDB "0-1-42,1-2-7"; MySQL "uuid:1-42,uuid2:1-3"). */
public final class GtidPositions {

    private GtidPositions() {
    }

    /** True when both strings name the same set of positions, ignoring order and whitespace. */
    public static boolean equalSets(String a, String b) {
        return parts(a).equals(parts(b));
    }

    private static Set<String> parts(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(s.replace("\n", "").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}
