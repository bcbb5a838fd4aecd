package io.hactl.coordination;

import io.hactl.coordination.Decision.Verdict;
import io.hactl.coordination.OperationRecord.Status;
import io.hactl.coordination.OperationRecord.Step;
import io.hactl.db.GtidMemory;
import io.hactl.pair.Refused;
import io.hactl.state.Proposal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * What the three controllers share, in ZooKeeper as JSON under {@code <base>/state/}:
 * <pre>
 * proposals/&lt;id&gt;             a proposal with its evidence and risk; its node version is the proposal's version
 * decisions/&lt;id&gt;@&lt;version&gt;   an operator's ACK or REJECT of that version, recorded by any controller
 * requests/r-&lt;sequence&gt;      an operator's switchover or unblock, recorded by any controller, taken once by the leader
 * operation                  the running (or last) operation: each step's intent before it, its result after
 * anti-flapping              when the last failover and the last application move were done
 * fenced/&lt;node&gt;             a node fenced, or waiting to be fenced when it answers
 * master-position            the master's last known GTID position (the GTID memory's entry of the master)
 * </pre>
 *
 * <p>The leader writes all of it, each write one transaction that first checks the epoch node's
 * version against the leader's {@link Epoch}: after a newer leader's bump the write fails as a whole
 * and is refused with {@link StaleEpoch}, naming both epochs. A follower writes only decisions
 * and operators' requests ({@link #recordDecision}, {@link #recordRequest}); a decision is a
 * transaction that checks the proposal's version and creates the decision, so a decision is about exactly what the operator saw, and is made once.
 */
public final class SharedState {

    /** When the last failover and the last application move were done; null when none blocks. */
    public record AntiFlapping(Instant lastFailoverAt, Instant lastAppMoveAt, String changedBy, Instant changedAt) {
    }

    /**
     * A node fenced by an acknowledged failover, or waiting to be fenced the moment it answers.
     *
     * @param proposalId the failover that fences it
     * @param by         who acknowledged it
     * @param detail     what was done or is awaited, in a line
     * @param failover   the acknowledged failover itself (a new leader fences the node under it); null when unknown
     * @param comment    the acknowledgement's comment, or null
     * @param untilReadOnly fenced with its database down: made read-only the moment its database answers
     */
    public record Fence(String node, String proposalId, String by, Status status, Instant since, String detail,
                        Proposal failover, String comment, boolean untilReadOnly) {

        public enum Status { PENDING, FENCED }

        public Fence(String node, String proposalId, String by, Status status, Instant since, String detail) {
            this(node, proposalId, by, status, since, detail, null, null, false);
        }
    }

    /** The master's last known position: the GTID memory's entry of that node. */
    public record MasterPosition(String master, GtidMemory.Seen seen) {
    }

    private final CuratorFramework client;
    private final Clock clock;
    private final String member;
    private final String epochPath;
    private final String root;
    private volatile boolean treeReady;

    public SharedState(Coordinator coordinator) {
        this.client = coordinator.client();
        this.clock = coordinator.clock();
        this.member = coordinator.settings().member();
        this.epochPath = coordinator.settings().path("epoch");
        this.root = coordinator.settings().path("state");
    }

    // --- proposals ---

    /** Writes a proposal (new, or a new version of it); returns its version. */
    public int putProposal(Epoch epoch, Proposal p) {
        String path = child("proposals", p.id());
        List<CuratorTransactionResult> done = leaderWrite(epoch, upsert(path, Json.bytes(p)));
        CuratorTransactionResult r = done.get(1);
        return r.getResultStat() == null ? 0 : r.getResultStat().getVersion();
    }

    public Optional<Versioned<Proposal>> proposal(String id) {
        return read(child("proposals", id), Proposal.class);
    }

    /** Every proposal with its version, oldest first. */
    public List<Versioned<Proposal>> proposals() {
        List<Versioned<Proposal>> all = new ArrayList<>();
        for (String id : children("proposals")) {
            proposal(id).ifPresent(all::add);
        }
        all.sort(Comparator.comparing(v -> v.value().createdAt(), Comparator.nullsLast(Comparator.naturalOrder())));
        return all;
    }

    /** Removes a proposal and its decisions. */
    public void removeProposal(Epoch epoch, String id) {
        List<CuratorOp> ops = new ArrayList<>();
        for (String d : children("decisions")) {
            if (d.startsWith(id + "@")) {
                ops.add(deleteOp(child("decisions", d)));
            }
        }
        if (exists(child("proposals", id))) {
            ops.add(deleteOp(child("proposals", id)));
        }
        leaderWrite(epoch, ops.toArray(CuratorOp[]::new));
    }

    // --- decisions ---

    /** {@link #recordDecision(String, int, String, Verdict, String)} without a comment. */
    public Decision recordDecision(String proposalId, int version, String operator, Verdict verdict) {
        return recordDecision(proposalId, version, operator, verdict, null);
    }

    /**
     * Records an operator's decision on one version of a proposal, on any controller. Refused, with
     * nothing written, when the proposal is gone, is no longer pending, changed since that version,
     * or that version was decided already.
     */
    public Decision recordDecision(String proposalId, int version, String operator, Verdict verdict, String comment) {
        String proposalPath = child("proposals", proposalId);
        String decisionPath = child("decisions", proposalId + "@" + version);
        Versioned<Proposal> p = proposal(proposalId).orElseThrow(() -> noProposal(proposalId));
        refuseUnlessDecidable(p, proposalId, version, decisionPath);
        Decision d = new Decision(proposalId, version, verdict, operator, comment, member, clock.instant(), null, null,
                null);
        ensureTree();
        try {
            client.transaction().forOperations(checkOp(version, proposalPath),
                    createOp(decisionPath, Json.bytes(d)));
            return d;
        } catch (KeeperException e) {
            // changed between the read and the transaction: say what it is now
            Versioned<Proposal> now = proposal(proposalId).orElseThrow(() -> noProposal(proposalId));
            refuseUnlessDecidable(now, proposalId, version, decisionPath);
            throw unavailable("record the decision on proposal " + proposalId, e);
        } catch (Exception e) {
            throw unavailable("record the decision on proposal " + proposalId, e);
        }
    }

    /** Every decision recorded, taken or not. */
    public List<Decision> decisions() {
        List<Decision> all = new ArrayList<>();
        for (String name : children("decisions")) {
            read(child("decisions", name), Decision.class).map(Versioned::value).ifPresent(all::add);
        }
        all.sort(Comparator.comparing(Decision::at));
        return all;
    }

    /**
     * The decisions the leader has yet to act on, each returned once: taking one marks it with this
     * leader's epoch in the same transaction that checks the proposal is still at the decided version.
     * A decision whose proposal changed or went since is marked superseded and not returned.
     */
    public List<Decision> takeDecisions(Epoch epoch) {
        return takeDecisions(epoch, d -> { });
    }

    /**
     * {@link #takeDecisions(Epoch)}, telling {@code superseded} of each decision it marks superseded
     * (with why): the operator was told "recorded", the leader says why it did not run it.
     */
    public List<Decision> takeDecisions(Epoch epoch, java.util.function.Consumer<Decision> superseded) {
        List<Decision> taken = new ArrayList<>();
        for (String name : children("decisions")) {
            String path = child("decisions", name);
            Optional<Versioned<Decision>> read = read(path, Decision.class);
            if (read.isEmpty() || !read.get().value().open()) {
                continue;
            }
            Decision d = read.get().value();
            Decision marked = d.taken(epoch.number(), clock.instant());
            try {
                leaderWrite(epoch, checkOp(d.version(), child("proposals", d.proposalId())),
                        setOp(read.get().version(), path, Json.bytes(marked)));
                taken.add(marked);
            } catch (OpFailed f) {
                if (f.index == 1) {
                    String why = proposal(d.proposalId()).map(p -> "proposal " + d.proposalId() + " is at version "
                            + p.version() + " now, the decision was for version " + d.version())
                            .orElse("proposal " + d.proposalId() + " is gone");
                    Decision overtaken = d.supersededBecause(why);
                    leaderWrite(epoch, setOp(read.get().version(), path, Json.bytes(overtaken)));
                    superseded.accept(overtaken);
                }
            }
        }
        taken.sort(Comparator.comparing(Decision::at));
        return taken;
    }

    // --- operators' requests (switchover, unblock) ---

    /** How long a taken request is kept, for hactl status and zkCli.sh readers, before a later take removes it. */
    static final java.time.Duration TAKEN_KEPT = java.time.Duration.ofHours(1);

    /**
     * Records an operator's switchover or unblock on any controller, for the leader to take once
     * ({@link #takeRequests}). Not checked against the epoch: like a decision, anyone records it.
     */
    public Request recordRequest(Request.Kind kind, String node, String operator, String reason) {
        Request r = new Request(null, kind, node, operator, reason, member, clock.instant(), null, null);
        ensureTree();
        try {
            String path = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(root + "/requests/r-", Json.bytes(r));
            return r.withId(path.substring(path.lastIndexOf('/') + 1));
        } catch (Exception e) {
            throw unavailable("record the " + kind.name().toLowerCase() + " request of " + operator, e);
        }
    }

    /**
     * The requests the leader has yet to act on, oldest first, each returned once: taking one marks
     * it with this leader's epoch in a transaction that checks the epoch and the request's version.
     * Requests taken more than {@link #TAKEN_KEPT} ago are removed on the way.
     */
    public List<Request> takeRequests(Epoch epoch) {
        List<Request> taken = new ArrayList<>();
        List<String> names = new ArrayList<>(children("requests"));
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            String path = child("requests", name);
            Optional<Versioned<Request>> read = read(path, Request.class);
            if (read.isEmpty()) {
                continue;
            }
            Request r = read.get().value().withId(name);
            try {
                if (r.open()) {
                    Request marked = r.taken(epoch.number(), clock.instant());
                    leaderWrite(epoch, setOp(read.get().version(), path, Json.bytes(marked)));
                    taken.add(marked);
                } else if (r.takenAt() != null && r.takenAt().plus(TAKEN_KEPT).isBefore(clock.instant())) {
                    leaderWrite(epoch, deleteOp(path));
                }
            } catch (OpFailed changed) {
                // taken or removed meanwhile (by a leader that has since lost): not ours to run
            }
        }
        return taken;
    }

    /** Every request recorded and not yet removed, taken or not, oldest first. */
    public List<Request> requests() {
        List<Request> all = new ArrayList<>();
        List<String> names = new ArrayList<>(children("requests"));
        names.sort(Comparator.naturalOrder());
        for (String name : names) {
            read(child("requests", name), Request.class).map(v -> v.value().withId(name)).ifPresent(all::add);
        }
        return all;
    }

    /** The epoch ZooKeeper holds now (0 before the first leader): what a follower's answer names. */
    public long epoch() {
        try {
            return EpochNode.read(client, epochPath).node().epoch();
        } catch (KeeperException.NoNodeException e) {
            return 0;
        } catch (Exception e) {
            throw unavailable("read " + epochPath, e);
        }
    }

    /**
     * Calls {@code onChange} (from Curator's thread: it must only enqueue) when a decision or a request
     * is recorded anywhere, or a proposal is written or removed: the leader takes decisions and
     * requests at once, a follower reads the proposals again. Close the returned watch before the
     * coordinator.
     */
    public AutoCloseable watch(Runnable onChange) {
        CuratorCache cache = CuratorCache.build(client, root);
        String decisions = root + "/decisions/";
        String requests = root + "/requests/";
        String proposals = root + "/proposals/";
        cache.listenable().addListener((type, before, after) -> {
            String path = after != null ? after.getPath() : before != null ? before.getPath() : "";
            boolean recorded = type == CuratorCacheListener.Type.NODE_CREATED
                    && (path.startsWith(decisions) || path.startsWith(requests));
            if (recorded || path.startsWith(proposals)) {
                onChange.run();
            }
        });
        cache.start();
        return cache::close;
    }

    // --- the operation ---

    /** Starts recording an operation; refused while another one is RUNNING (one operation at a time). */
    public void startOperation(Epoch epoch, String id, String name, String proposalId) {
        Optional<Versioned<OperationRecord>> current = operation();
        if (current.isPresent() && current.get().value().running()) {
            OperationRecord running = current.get().value();
            throw new Refused("operation " + running.describe() + " is RUNNING"
                    + (running.epoch() < epoch.number() ? " (left by an earlier leader: it is reported INTERRUPTED "
                    + "when the new leader takes over)" : ""), "wait for it to end (hactl status)");
        }
        OperationRecord op = new OperationRecord(id, name, proposalId, epoch.number(), member, clock.instant(),
                Status.RUNNING, List.of(), null, null);
        String path = root + "/operation";
        leaderWrite(epoch, current.isPresent()
                ? setOp(current.get().version(), path, Json.bytes(op))
                : createOp(path, Json.bytes(op)));
    }

    /** Before step {@code number}: its intent. Steps are numbered from 1, each after the previous one's result. */
    public void stepIntent(Epoch epoch, String operationId, int number, String name) {
        updateOperation(epoch, operationId, op -> {
            if (op.inFlight().isPresent() || number != op.steps().size() + 1) {
                throw new IllegalStateException("operation " + operationId + ": step " + number + " cannot start after "
                        + (op.inFlight().map(s -> "step " + s.number() + " with no result")
                        .orElse(op.steps().size() + " steps")));
            }
            return op.withStep(new Step(number, name, clock.instant(), null, null, null));
        });
    }

    /** After step {@code number}: its result. */
    public void stepResult(Epoch epoch, String operationId, int number, boolean ok, String result) {
        updateOperation(epoch, operationId, op -> {
            Step s = op.inFlight().filter(f -> f.number() == number).orElseThrow(() -> new IllegalStateException(
                    "operation " + operationId + ": step " + number + " is not the step in flight"));
            return op.withStep(new Step(number, s.name(), s.intentAt(), clock.instant(), ok, result));
        });
    }

    /** The operation ended: DONE when {@code ok}, else FAILED, with how in a sentence. */
    public void finishOperation(Epoch epoch, String operationId, boolean ok, String outcome) {
        updateOperation(epoch, operationId, op -> op.ended(ok ? Status.DONE : Status.FAILED, clock.instant(), outcome));
    }

    /** The running operation, or the last one with how it ended. */
    public Optional<Versioned<OperationRecord>> operation() {
        return read(root + "/operation", OperationRecord.class);
    }

    /** A new leader's mark on a deposed leader's operation: INTERRUPTED, with the sentence that says where. */
    boolean markInterrupted(Epoch epoch, Versioned<OperationRecord> seen, String sentence) {
        OperationRecord marked = seen.value().ended(Status.INTERRUPTED, clock.instant(), sentence);
        try {
            leaderWrite(epoch, setOp(seen.version(), root + "/operation",
                    Json.bytes(marked)));
            return true;
        } catch (OpFailed changed) {
            return false;
        }
    }

    // --- anti-flapping, fenced nodes, the master's position ---

    public void setAntiFlapping(Epoch epoch, AntiFlapping block) {
        leaderWrite(epoch, upsert(root + "/anti-flapping", Json.bytes(block)));
    }

    public Optional<AntiFlapping> antiFlapping() {
        return read(root + "/anti-flapping", AntiFlapping.class).map(Versioned::value);
    }

    public void putFence(Epoch epoch, Fence fence) {
        leaderWrite(epoch, upsert(child("fenced", fence.node()), Json.bytes(fence)));
    }

    public void removeFence(Epoch epoch, String node) {
        if (exists(child("fenced", node))) {
            leaderWrite(epoch, deleteOp(child("fenced", node)));
        }
    }

    public List<Fence> fences() {
        List<Fence> all = new ArrayList<>();
        for (String node : children("fenced")) {
            read(child("fenced", node), Fence.class).map(Versioned::value).ifPresent(all::add);
        }
        return all;
    }

    public void setMasterPosition(Epoch epoch, MasterPosition position) {
        leaderWrite(epoch, upsert(root + "/master-position", Json.bytes(position)));
    }

    public Optional<MasterPosition> masterPosition() {
        return read(root + "/master-position", MasterPosition.class).map(Versioned::value);
    }

    // --- the writes ---

    /** One of a leader write's operations failed (not the epoch check): {@code index} counts from the epoch check, 0. */
    private static final class OpFailed extends RuntimeException {
        final int index;

        OpFailed(int index, KeeperException cause) {
            super("operation " + index + " of the transaction failed: " + cause.getMessage(), cause);
            this.index = index;
        }
    }

    /**
     * One transaction: the epoch node's version checked first, then {@code ops}. Refused with
     * {@link StaleEpoch} when the epoch moved on; {@link OpFailed} when one of {@code ops} failed.
     */
    private List<CuratorTransactionResult> leaderWrite(Epoch epoch, CuratorOp... ops) {
        ensureTree();
        List<CuratorOp> all = new ArrayList<>();
        all.add(checkOp(epoch.version(), epochPath));
        all.addAll(List.of(ops));
        try {
            return client.transaction().forOperations(all);
        } catch (KeeperException e) {
            int failed = failedIndex(e);
            if (failed < 0) {
                throw unavailable("write the shared state", e);
            }
            if (failed == 0) {
                throw stale(epoch);
            }
            throw new OpFailed(failed, e);
        } catch (Exception e) {
            throw unavailable("write the shared state", e);
        }
    }

    private StaleEpoch stale(Epoch epoch) {
        try {
            return new StaleEpoch(epoch.number(), EpochNode.read(client, epochPath).node());
        } catch (Exception e) {
            return new StaleEpoch(epoch.number(), new EpochNode(-1, null, null));
        }
    }

    private static int failedIndex(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult r && r.getErr() != KeeperException.Code.OK.intValue()) {
                return i;
            }
        }
        return -1;
    }

    private void updateOperation(Epoch epoch, String operationId,
                                 UnaryOperator<OperationRecord> change) {
        Versioned<OperationRecord> current = operation().filter(o -> o.value().id().equals(operationId))
                .orElseThrow(() -> new IllegalStateException("no operation " + operationId + " in ZooKeeper"));
        if (!current.value().running()) {
            throw new Refused("operation " + current.value().describe() + " is " + current.value().status()
                    + ", not RUNNING: " + current.value().outcome(), "nothing more is recorded for it");
        }
        OperationRecord next = change.apply(current.value());
        leaderWrite(epoch, setOp(current.version(), root + "/operation",
                Json.bytes(next)));
    }

    private CuratorOp upsert(String path, byte[] data) {
        return exists(path) ? setOp(-1, path, data) : createOp(path, data);
    }

    private CuratorOp checkOp(int version, String path) {
        return built(() -> client.transactionOp().check().withVersion(version).forPath(path));
    }

    private CuratorOp setOp(int version, String path, byte[] data) {
        return built(() -> client.transactionOp().setData().withVersion(version).forPath(path, data));
    }

    private CuratorOp createOp(String path, byte[] data) {
        return built(() -> client.transactionOp().create().forPath(path, data));
    }

    private CuratorOp deleteOp(String path) {
        return built(() -> client.transactionOp().delete().forPath(path));
    }

    /** Curator's builders declare Exception; building an operation does no I/O. */
    private static CuratorOp built(Callable<CuratorOp> builder) {
        try {
            return builder.call();
        } catch (Exception e) {
            throw new IllegalArgumentException("could not build a ZooKeeper operation: " + e.getMessage(), e);
        }
    }

    private void refuseUnlessDecidable(Versioned<Proposal> p, String id, int version, String decisionPath) {
        if (version != p.version()) {
            throw new Refused(version < p.version()
                    ? "proposal " + id + " changed since it was read: the decision is for version " + version
                    + ", it is at version " + p.version() + " now"
                    : "proposal " + id + " has no version " + version + ": it is at version " + p.version(),
                    "read it again (hactl proposals) and decide on what it says now");
        }
        Optional<Versioned<Decision>> made = read(decisionPath, Decision.class);
        if (made.isPresent()) {
            throw new Refused("proposal " + id + " version " + version + " is already decided: "
                    + made.get().value().describe(), "nothing to do: the leader acts on that decision once");
        }
        if (!p.value().pending()) {
            throw new Refused("proposal " + id + " is " + p.value().status() + " already"
                    + (p.value().decidedBy() == null ? "" : " (by " + p.value().decidedBy() + ")"),
                    "nothing to decide: hactl proposals lists the pending ones");
        }
    }

    private static Refused noProposal(String id) {
        return new Refused("no proposal " + id + " in ZooKeeper: it was withdrawn, expired or done, or the id is "
                + "mistyped", "hactl proposals lists the pending ones");
    }

    private IllegalStateException unavailable(String what, Exception e) {
        return new IllegalStateException("could not " + what + " in ZooKeeper (" + e.getMessage()
                + "); hactl status shows the connection and the quorum", e);
    }

    private <T> Optional<Versioned<T>> read(String path, Class<T> type) {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new Versioned<>(Json.read(data, type, path), stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw unavailable("read " + path, e);
        }
    }

    private boolean exists(String path) {
        try {
            return client.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw unavailable("read " + path, e);
        }
    }

    private List<String> children(String dir) {
        try {
            return client.getChildren().forPath(root + "/" + dir);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw unavailable("read " + root + "/" + dir, e);
        }
    }

    private String child(String dir, String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' cannot name a ZooKeeper node under " + root + "/" + dir);
        }
        return root + "/" + dir + "/" + name;
    }

    /** The directories the transactions create nodes in (a transaction cannot create parents). */
    private void ensureTree() {
        if (treeReady) {
            return;
        }
        for (String dir : List.of("proposals", "decisions", "requests", "fenced")) {
            String path = root + "/" + dir;
            try {
                if (client.checkExists().forPath(path) == null) {
                    client.create().creatingParentsIfNeeded().forPath(path);
                }
            } catch (KeeperException.NodeExistsException raced) {
                // another controller made it
            } catch (Exception e) {
                throw unavailable("create " + path, e);
            }
        }
        treeReady = true;
    }
}
