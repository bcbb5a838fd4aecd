package io.hactl.log;

import io.hactl.log.TransitionEntry.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of the operation running on the pair, else of the last one, from the transition log
 * (the web console's pair page shows its steps, issue 17). The log is read again only when it has
 * changed (its size or time), so a page that asks several times a second costs one {@code stat}.
 */
public final class LastOperation {

    private final TransitionLog log;
    private long size = -1;
    private Instant modified;
    private List<OperationEntry> last = List.of();

    public LastOperation(TransitionLog log) {
        this.log = log;
    }

    /** The lines of the running operation, else of the last one; empty when the log has none. */
    public synchronized List<OperationEntry> read() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(log.file(), BasicFileAttributes.class);
        } catch (IOException e) {
            return List.of(); // no log yet: no operation
        }
        Instant at = a.lastModifiedTime().toInstant();
        if (a.size() != size || !at.equals(modified)) {
            last = of(log.read());
            size = a.size();
            modified = at;
        }
        return last;
    }

    /**
     * Pure: the lines of the newest operation that started and has no end, else of the newest that
     * started; empty when no operation started. Lines without an operation id (a refusal before any
     * run) belong to none.
     */
    public static List<OperationEntry> of(List<TransitionEntry> entries) {
        Map<String, Boolean> open = new LinkedHashMap<>(); // operation id -> still running, in start order
        for (TransitionEntry e : entries) {
            if (e instanceof OperationEntry o && o.operationId() != null) {
                if (o.event() == Event.OPERATION_START) {
                    open.put(o.operationId(), true);
                } else if ((o.event() == Event.OPERATION_END || o.event() == Event.REFUSED)
                        && open.containsKey(o.operationId())) {
                    open.put(o.operationId(), false);
                }
            }
        }
        String chosen = null;
        for (Map.Entry<String, Boolean> e : open.entrySet()) {
            if (e.getValue() || chosen == null || !open.get(chosen)) {
                chosen = e.getKey();
            }
        }
        String id = chosen;
        return id == null ? List.of() : entries.stream().filter(e -> e instanceof OperationEntry o
                && id.equals(o.operationId())).map(OperationEntry.class::cast).toList();
    }
}
