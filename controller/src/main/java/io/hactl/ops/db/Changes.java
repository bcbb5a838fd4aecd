package io.hactl.ops.db;

import io.hactl.ops.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The changes an operation made so far, each with its undo, up to a commit point. Before
 * the commit point a failure undoes them in reverse order (each undo printed and logged as
 * a step); after it nothing is undone (clients may already have written to the new master):
 * later failures are collected and reported with the state left. Changes made at once on two
 * threads ({@link Operation#atOnce}) are undone in the reverse of the order they ended.
 */
final class Changes {

    private record Undo(String node, String description, Runnable action) {
    }

    private final Operation op;
    private final Deque<Undo> undos = new ArrayDeque<>();
    private final List<String> afterCommitFailures = new ArrayList<>();
    private boolean committed;

    Changes(Operation op) {
        this.op = op;
    }

    /** Runs a step; if it succeeds and {@code undo} is not null, remembers how to take it back. */
    String change(String node, String description, Operation.Action action, String undoDescription, Runnable undo) {
        String detail = op.step(node, description, action);
        if (undo != null && !op.dryRun()) {
            synchronized (undos) {
                undos.push(new Undo(node, undoDescription, undo));
            }
        }
        return detail;
    }

    /** Registers an undo that runs its own steps (restarting services). */
    void onRollback(String node, String description, Runnable undo) {
        if (!op.dryRun()) {
            synchronized (undos) {
                undos.push(new Undo(node, description, undo));
            }
        }
    }

    /** From here on nothing is undone. */
    void commit() {
        committed = true;
        undos.clear();
    }

    boolean committed() {
        return committed;
    }

    /**
     * Undoes everything since the start, newest first. Returns the undos that failed (empty:
     * the pair is as it was).
     */
    List<String> rollback() {
        List<String> failed = new ArrayList<>();
        while (!undos.isEmpty()) {
            Undo u = undos.pop();
            try {
                if (u.description() == null) {
                    u.action().run();
                } else {
                    op.step(u.node(), "undo: " + u.description(), () -> {
                        u.action().run();
                        return null;
                    });
                }
            } catch (RuntimeException e) {
                failed.add((u.node() == null ? "" : u.node() + ": ") + (u.description() == null ? "" : u.description() + ": ")
                        + e.getMessage());
            }
        }
        return failed;
    }

    /** After the commit point: a step that failed; the operation goes on with what still makes sense. */
    /** A step after the commit point: a failure is recorded, not thrown. True when it succeeded. */
    boolean afterCommit(String node, String description, Operation.Action action) {
        try {
            op.step(node, description, action);
            return true;
        } catch (io.hactl.pair.StepFailed e) {
            failedAfterCommit(node + ": " + description + ": " + e.getMessage());
            return false;
        }
    }

    void failedAfterCommit(String what) {
        afterCommitFailures.add(what);
    }

    List<String> afterCommitFailures() {
        return afterCommitFailures;
    }
}
