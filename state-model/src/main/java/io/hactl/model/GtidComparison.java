package io.hactl.model;

import io.hactl.model.DbProbe.Flavor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what two nodes have applied, from their GTIDs: equal, behind (by how many
 * transactions), ahead (the other lacks some: errant when it should be the master that
 * is ahead), or diverged (each has transactions the other lacks). Pure; table-tested.
 *
 * <p>MariaDB: a GTID is domain-server-seq; with {@code gtid_strict_mode} the sequence
 * numbers of a domain grow by one per transaction along one history. A node's
 * {@code gtid_binlog_state} holds the last seq per (domain, server): node A lacks
 * something of B when, for some (domain, server), B's seq is higher than A's. How many
 * transactions A is behind is the difference of the domains' last seqs (exact for one
 * linear history). Without a binlog state the position (last GTID per domain) is used
 * as the state: a node that took over a domain from another server then looks diverged,
 * never falsely equal.
 *
 * <p>MySQL: {@code gtid_executed} is a set of uuid[:tag]:intervals; the comparison is exact
 * set arithmetic.
 */
public final class GtidComparison {

    public enum Kind { EQUAL, BEHIND, AHEAD, DIVERGED }

    /**
     * @param kind   from A's side: BEHIND = A lacks transactions B has (and has nothing B lacks)
     * @param count  how many transactions A is behind (BEHIND) or ahead (AHEAD); 0 otherwise
     * @param aLacks transactions (GTIDs or ranges) B has and A lacks
     * @param bLacks transactions A has and B lacks
     */
    public record Result(Kind kind, String a, String b, String aPosition, String bPosition, long count,
                         List<String> aLacks, List<String> bLacks, String sentence) {

        public boolean equal() {
            return kind == Kind.EQUAL;
        }

        /** A has everything B has (equal or ahead). */
        public boolean aHasAllOfB() {
            return kind == Kind.EQUAL || kind == Kind.AHEAD;
        }

        /** "n2 at 0-1-7, n1 at 0-1-9". */
        public String positions() {
            return a + " at " + aPosition + ", " + b + " at " + bPosition;
        }
    }

    private GtidComparison() {
    }

    /** Compares node {@code aName} with node {@code bName}; throws IllegalArgumentException on an unreadable GTID. */
    public static Result compare(String aName, GtidView a, String bName, GtidView b) {
        if (a.flavor() != b.flavor()) {
            throw new IllegalArgumentException(aName + " is " + a.flavor() + " and " + bName + " is " + b.flavor()
                    + ": their GTIDs cannot be compared");
        }
        Diff d = a.flavor() == Flavor.MYSQL ? mysql(a, b) : mariadb(a, b);
        Kind kind = d.aLacks.isEmpty() ? (d.bLacks.isEmpty() ? Kind.EQUAL : Kind.AHEAD)
                : (d.bLacks.isEmpty() ? Kind.BEHIND : Kind.DIVERGED);
        long count = kind == Kind.BEHIND ? d.aLacksCount : kind == Kind.AHEAD ? d.bLacksCount : 0;
        String ap = a.shown();
        String bp = b.shown();
        String sentence = switch (kind) {
            case EQUAL -> aName + " and " + bName + " have the same transactions (GTID " + ap + ")";
            case BEHIND -> aName + " is behind " + bName + " by " + transactions(count) + ": " + aName + " lacks "
                    + String.join(", ", d.aLacks) + " (" + aName + " at " + ap + ", " + bName + " at " + bp + ")";
            case AHEAD -> aName + " has " + transactions(count) + " that " + bName + " lacks: "
                    + String.join(", ", d.bLacks) + " (" + aName + " at " + ap + ", " + bName + " at " + bp + ")";
            case DIVERGED -> aName + " and " + bName + " have diverged: " + aName + " has "
                    + String.join(", ", d.bLacks) + " that " + bName + " lacks; " + bName + " has "
                    + String.join(", ", d.aLacks) + " that " + aName + " lacks (" + aName + " at " + ap + ", "
                    + bName + " at " + bp + ")";
        };
        return new Result(kind, aName, bName, ap, bp, count, List.copyOf(d.aLacks), List.copyOf(d.bLacks), sentence);
    }

    /**
     * What a MariaDB replica must wait for (MASTER_GTID_WAIT, which watches its
     * gtid_slave_pos) to have the master's {@code masterPos}: the master's GTIDs of the
     * domains where the replica's binlog position is not the same. Domains the replica
     * already has are left out: its own writes from when it was master are in its binlog but
     * not in its gtid_slave_pos, and waiting on them would never end.
     */
    public static String mariadbWaitPosition(String replicaBinlogPos, String masterPos) {
        Map<Long, MariaGtid> have = lastPerDomain(parseMariadb(replicaBinlogPos));
        List<String> wait = new ArrayList<>();
        for (MariaGtid g : lastPerDomain(parseMariadb(masterPos)).values()) {
            if (!g.equals(have.get(g.domain()))) {
                wait.add(g.toString());
            }
        }
        return String.join(",", wait);
    }

    /**
     * Whether a MariaDB node whose {@code gtid_binlog_state} is {@code aState} has every
     * transaction of a node whose state is {@code bState} (the same test as {@link #compare},
     * {@link Result#aHasAllOfB}), for callers that read only the two binlog states (the lab
     * heals its replication with it). Each state's last GTID per domain stands for its position.
     */
    public static boolean mariadbStateHasAll(String aState, String bState) {
        return compare("a", stateView(aState), "b", stateView(bState)).aHasAllOfB();
    }

    private static GtidView stateView(String binlogState) {
        String position = String.join(",", lastPerDomain(parseMariadb(binlogState)).values().stream()
                .map(MariaGtid::toString).toList());
        return GtidView.mariadb(position, binlogState);
    }

    /** "1 transaction", "3 transactions". */
    public static String transactions(long n) {
        return n + (n == 1 ? " transaction" : " transactions");
    }

    private record Diff(List<String> aLacks, long aLacksCount, List<String> bLacks, long bLacksCount) {
    }

    // ------------------------------------------------------------------ MariaDB

    /** One MariaDB GTID. */
    record MariaGtid(long domain, long server, long seq) {
        @Override
        public String toString() {
            return domain + "-" + server + "-" + Long.toUnsignedString(seq);
        }
    }

    /** The comma-separated entries of a GTID list (the server may wrap it over lines); null or blank → none. */
    private static List<String> parts(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.replace("\n", "").split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** "0-1-42,1-2-7" → GTIDs; empty or null → none. */
    static List<MariaGtid> parseMariadb(String s) {
        List<MariaGtid> out = new ArrayList<>();
        for (String p : parts(s)) {
            String[] f = p.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID: '" + p + "' (expected domain-server-seq)");
            }
            try {
                out.add(new MariaGtid(Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]),
                        Long.parseUnsignedLong(f[2])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MariaDB GTID: '" + p + "' (expected domain-server-seq)");
            }
        }
        return out;
    }

    private record Key(long domain, long server) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compareUnsigned(domain, o.domain);
            return c != 0 ? c : Long.compareUnsigned(server, o.server);
        }
    }

    private static Diff mariadb(GtidView a, GtidView b) {
        Map<Long, MariaGtid> aPos = lastPerDomain(parseMariadb(a.position()));
        Map<Long, MariaGtid> bPos = lastPerDomain(parseMariadb(b.position()));
        boolean aKnown = a.binlogState() != null && !a.binlogState().isBlank();
        boolean bKnown = b.binlogState() != null && !b.binlogState().isBlank();
        Map<Key, Long> aState = state(a, aPos);
        Map<Key, Long> bState = state(b, bPos);
        List<String> aLacks = new ArrayList<>();
        List<String> bLacks = new ArrayList<>();
        long aCount = 0;
        long bCount = 0;
        TreeSet<Long> domains = new TreeSet<>(Long::compareUnsigned);
        domains.addAll(aPos.keySet());
        domains.addAll(bPos.keySet());
        for (long d : domains) {
            MariaGtid ah = aPos.get(d);
            MariaGtid bh = bPos.get(d);
            boolean aHasB = bh == null || has(aPos, aState, aKnown, bh);
            boolean bHasA = ah == null || has(bPos, bState, bKnown, ah);
            long aSeq = ah == null ? 0 : ah.seq();
            long bSeq = bh == null ? 0 : bh.seq();
            if (aHasB && bHasA) {
                continue;
            }
            if (aHasB) {
                bLacks.addAll(after(d, aState, bState, bSeq));
                bCount += aSeq - bSeq;
            } else if (bHasA) {
                aLacks.addAll(after(d, bState, aState, aSeq));
                aCount += bSeq - aSeq;
            } else {
                long c = commonSeq(d, aState, bState, ah, bh, aKnown && bKnown);
                aLacks.addAll(after(d, bState, aState, c));
                bLacks.addAll(after(d, aState, bState, c));
            }
        }
        return new Diff(aLacks, aCount, bLacks, bCount);
    }

    /**
     * Whether node X's history contains GTID {@code g} (of the same domain): it is X's head;
     * or X's binlog state has seen g's server up to g's seq or beyond. With a position only
     * (no state), X is taken to have g when its head is further along the domain (one linear
     * history, as gtid_strict_mode keeps it); the same seq from another server is never the
     * same transaction.
     */
    private static boolean has(Map<Long, MariaGtid> xPos, Map<Key, Long> xState, boolean xStateKnown, MariaGtid g) {
        MariaGtid xh = xPos.get(g.domain());
        if (xh == null) {
            return false;
        }
        if (xh.equals(g)) {
            return true;
        }
        if (xStateKnown) {
            Long seen = xState.get(new Key(g.domain(), g.server()));
            return seen != null && Long.compareUnsigned(seen, g.seq()) >= 0;
        }
        return Long.compareUnsigned(xh.seq(), g.seq()) > 0;
    }

    /** The transactions of {@code have}'s state in domain {@code d} after seq {@code after}, per server, as ranges. */
    private static List<String> after(long d, Map<Key, Long> have, Map<Key, Long> lacker, long after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Key, Long> e : have.entrySet()) {
            Key k = e.getKey();
            if (k.domain() != d || Long.compareUnsigned(e.getValue(), after) <= 0) {
                continue;
            }
            long from = Math.max(after, lacker.getOrDefault(k, 0L));
            if (Long.compareUnsigned(from, e.getValue()) >= 0) {
                from = after;
            }
            out.add(range(k, from, e.getValue()));
        }
        return out;
    }

    /**
     * In domain {@code d}, the last seq both nodes have (where their histories part): the
     * highest seq of a server both have reached. With positions only, two different heads
     * are assumed to share everything before the lower of the two: a guess used only to word
     * the difference, never to decide.
     */
    private static long commonSeq(long d, Map<Key, Long> aState, Map<Key, Long> bState, MariaGtid ah, MariaGtid bh,
                                  boolean statesKnown) {
        long c = 0;
        for (Map.Entry<Key, Long> e : aState.entrySet()) {
            if (e.getKey().domain() != d) {
                continue;
            }
            long bs = bState.getOrDefault(e.getKey(), 0L);
            long both = Long.compareUnsigned(e.getValue(), bs) < 0 ? e.getValue() : bs;
            c = Long.compareUnsigned(both, c) > 0 ? both : c;
        }
        if (!statesKnown && ah != null && bh != null) {
            long low = Math.max(0, Math.min(ah.seq(), bh.seq()) - 1);
            c = Math.max(c, low);
        }
        return c;
    }

    /** The domain's last GTID wins when a position lists a domain twice (it should not). */
    private static Map<Long, MariaGtid> lastPerDomain(List<MariaGtid> gtids) {
        Map<Long, MariaGtid> m = new TreeMap<>(Long::compareUnsigned);
        for (MariaGtid g : gtids) {
            m.merge(g.domain(), g, (x, y) -> Long.compareUnsigned(y.seq(), x.seq()) >= 0 ? y : x);
        }
        return m;
    }

    private static Map<Key, Long> state(GtidView v, Map<Long, MariaGtid> pos) {
        Map<Key, Long> m = new TreeMap<>();
        List<MariaGtid> entries = v.binlogState() == null || v.binlogState().isBlank()
                ? List.copyOf(pos.values()) : parseMariadb(v.binlogState());
        for (MariaGtid g : entries) {
            m.merge(new Key(g.domain(), g.server()), g.seq(), (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y);
        }
        // the position is part of the state even if the given state text missed it
        for (MariaGtid g : pos.values()) {
            m.merge(new Key(g.domain(), g.server()), g.seq(), (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y);
        }
        return m;
    }

    /** The GTIDs of server {@code k.server} in {@code k.domain} after seq {@code after}, up to {@code hi}. */
    private static String range(Key k, long after, long hi) {
        long lo = after + 1;
        String last = new MariaGtid(k.domain(), k.server(), hi).toString();
        return lo >= hi ? last : k.domain() + "-" + k.server() + "-" + Long.toUnsignedString(lo) + ".." + last;
    }

    /** Sum over domains of how far {@code to}'s last seq is past {@code from}'s. */
    private static long seqGap(Map<Long, MariaGtid> from, Map<Long, MariaGtid> to) {
        long n = 0;
        for (MariaGtid t : to.values()) {
            MariaGtid f = from.get(t.domain());
            long have = f == null ? 0 : f.seq();
            if (Long.compareUnsigned(t.seq(), have) > 0) {
                n += t.seq() - have;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ MySQL

    /** "uuid:1-5:11-18,uuid2:tag:1-3" → source (uuid or uuid:tag) → merged intervals. */
    static Map<String, TreeMap<Long, Long>> parseMysql(String s) {
        Map<String, TreeMap<Long, Long>> out = new TreeMap<>();
        for (String p : parts(s)) {
            String[] f = p.split(":");
            if (f.length < 2 || !f[0].matches("[0-9a-fA-F-]{36}")) {
                throw new IllegalArgumentException("not a MySQL GTID set: '" + p + "' (expected uuid:interval[:interval...])");
            }
            String source = f[0].toLowerCase(Locale.ROOT);
            for (int i = 1; i < f.length; i++) {
                String iv = f[i].strip();
                if (!iv.matches("\\d+(-\\d+)?")) {
                    if (iv.matches("[A-Za-z_][A-Za-z0-9_]{0,31}")) {
                        source = f[0].toLowerCase(Locale.ROOT) + ":" + iv.toLowerCase(Locale.ROOT);
                        continue;
                    }
                    throw new IllegalArgumentException("not a MySQL GTID interval: '" + iv + "' in '" + p + "'");
                }
                String[] se = iv.split("-");
                long lo = Long.parseLong(se[0]);
                long hi = se.length == 2 ? Long.parseLong(se[1]) : lo;
                if (hi < lo) {
                    throw new IllegalArgumentException("not a MySQL GTID interval: '" + iv + "' (end before start)");
                }
                add(out.computeIfAbsent(source, x -> new TreeMap<>()), lo, hi);
            }
        }
        return out;
    }

    /** Adds [lo, hi] to a map of disjoint, non-adjacent intervals start → end, merging. */
    private static void add(TreeMap<Long, Long> set, long lo, long hi) {
        Map.Entry<Long, Long> before = set.floorEntry(lo);
        if (before != null && before.getValue() >= lo - 1) {
            lo = before.getKey();
            hi = Math.max(hi, before.getValue());
            set.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = set.ceilingEntry(lo);
        while (next != null && next.getKey() <= hi + 1) {
            hi = Math.max(hi, next.getValue());
            set.remove(next.getKey());
            next = set.ceilingEntry(lo);
        }
        set.put(lo, hi);
    }

    /** x minus y, as source → intervals. */
    private static Map<String, TreeMap<Long, Long>> minus(Map<String, TreeMap<Long, Long>> x,
                                                        Map<String, TreeMap<Long, Long>> y) {
        Map<String, TreeMap<Long, Long>> out = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Long, Long>> e : x.entrySet()) {
            TreeMap<Long, Long> other = y.getOrDefault(e.getKey(), new TreeMap<>());
            TreeMap<Long, Long> rest = new TreeMap<>();
            for (Map.Entry<Long, Long> iv : e.getValue().entrySet()) {
                long lo = iv.getKey();
                long hi = iv.getValue();
                for (Map.Entry<Long, Long> o : other.subMap(other.floorKey(lo) == null ? lo : other.floorKey(lo), true,
                        hi, true).entrySet()) {
                    if (o.getValue() < lo) {
                        continue;
                    }
                    if (o.getKey() > lo) {
                        rest.put(lo, o.getKey() - 1);
                    }
                    lo = o.getValue() + 1;
                    if (lo > hi) {
                        break;
                    }
                }
                if (lo <= hi) {
                    rest.put(lo, hi);
                }
            }
            if (!rest.isEmpty()) {
                out.put(e.getKey(), rest);
            }
        }
        return out;
    }

    private static long size(Map<String, TreeMap<Long, Long>> set) {
        long n = 0;
        for (TreeMap<Long, Long> ivs : set.values()) {
            for (Map.Entry<Long, Long> iv : ivs.entrySet()) {
                n += iv.getValue() - iv.getKey() + 1;
            }
        }
        return n;
    }

    private static List<String> describe(Map<String, TreeMap<Long, Long>> set) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, Long>> e : set.entrySet()) {
            StringBuilder sb = new StringBuilder(e.getKey());
            for (Map.Entry<Long, Long> iv : e.getValue().entrySet()) {
                sb.append(':').append(iv.getKey());
                if (!iv.getValue().equals(iv.getKey())) {
                    sb.append('-').append(iv.getValue());
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static Diff mysql(GtidView a, GtidView b) {
        Map<String, TreeMap<Long, Long>> as = parseMysql(a.position());
        Map<String, TreeMap<Long, Long>> bs = parseMysql(b.position());
        Map<String, TreeMap<Long, Long>> aLacks = minus(bs, as);
        Map<String, TreeMap<Long, Long>> bLacks = minus(as, bs);
        return new Diff(describe(aLacks), size(aLacks), describe(bLacks), size(bLacks));
    }
}
