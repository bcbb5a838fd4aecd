package io.hactl.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The transition log: one JSON object per line in {@code <state_directory>/transitions.jsonl},
 * appended and fsynced before the call returns, so a post-incident review can trust that
 * what was done is there. Created 0640 ({@link StateFiles}).
 *
 * <p>Damage never stops a reader and never spreads: each line is decoded on its own (a byte
 * that is not UTF-8 becomes U+FFFD), a line that is not an entry (a bad disk block, a torn
 * last line after a power loss) is skipped and counted ({@link Contents#damageNote()}), and an
 * append after a torn last line first ends that line, so the new entry is a line of its own.
 *
 * <p>Durability (issue 20, the log off a failover's critical path): every line is written to the
 * file at once, in the order of the calls, so another reader (and a restarted hactl after a crash of
 * this process) sees it as soon as {@link #append} returns. The fsync that makes it survive a power
 * loss is shared: {@link #append} returns once a fsync covering its line is done, and one fsync covers
 * every line written before it started (group commit: concurrent appenders wait for the same one). A
 * {@link #deferred()} view returns right after the write, its fsync started at once in the background
 * (it runs while the caller's next step does); {@link #sync()} waits until every line written so far is
 * durable: an operation's end waits for its lines ({@code io.hactl.ops.Operation}).
 *
 * <p>Lines of other versions of hactl: each line is read as the type its {@code event} names
 * ({@link TransitionEntry}); a field that type does not carry is ignored (the flat record of
 * earlier versions had 18 fields for every line), and a line whose event this hactl does not
 * know (a newer hactl wrote it) is skipped and counted apart from damage ({@link
 * Contents#unknownLines()}): never guessed into another type, never silently dropped.
 */
public final class TransitionLog {

    public static final String FILE_NAME = "transitions.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;
    private final Durability durability;
    private final boolean deferred;

    /**
     * What {@link #readAll()} found.
     *
     * @param entries          every readable entry, oldest first
     * @param damagedLines     lines skipped: not a JSON entry with a time and an event (blank lines are not counted)
     * @param firstDamagedLine the 1-based number of the first of them in the file; 0 when none
     * @param unknownLines     lines skipped because this hactl does not know their event (a newer one wrote them)
     * @param firstUnknownLine the 1-based number of the first of them in the file; 0 when none
     */
    public record Contents(List<TransitionEntry> entries, int damagedLines, int firstDamagedLine, int unknownLines,
                           int firstUnknownLine) {

        public Contents {
            entries = List.copyOf(entries);
        }

        public Contents(List<TransitionEntry> entries, int damagedLines, int firstDamagedLine) {
            this(entries, damagedLines, firstDamagedLine, 0, 0);
        }

        /** The entries that pass {@code filter}; the skipped lines' counts are the file's, unchanged. */
        public Contents filter(Predicate<TransitionEntry> filter) {
            return new Contents(entries.stream().filter(filter).toList(), damagedLines, firstDamagedLine, unknownLines,
                    firstUnknownLine);
        }

        /** The first line skipped, damaged or of an unknown event (1-based); 0 when every line was read. */
        public int firstSkippedLine() {
            if (damagedLines == 0 || unknownLines == 0) {
                return damagedLines == 0 ? firstUnknownLine : firstDamagedLine;
            }
            return Math.min(firstDamagedLine, firstUnknownLine);
        }

        /**
         * "2 damaged lines skipped (first at line 17)", "1 line of an event this hactl does not know
         * skipped (first at line 9): a newer hactl wrote it, read it with that version", both joined
         * by "; ", or null when every line was read.
         */
        public String damageNote() {
            List<String> notes = new ArrayList<>();
            if (damagedLines > 0) {
                notes.add(damagedLines + " damaged line" + (damagedLines == 1 ? "" : "s") + " skipped (first at line "
                        + firstDamagedLine + ")");
            }
            if (unknownLines > 0) {
                boolean one = unknownLines == 1;
                notes.add(unknownLines + (one ? " line" : " lines") + " of an event this hactl does not know skipped"
                        + " (first at line " + firstUnknownLine + "): a newer hactl wrote " + (one ? "it" : "them")
                        + ", read " + (one ? "it" : "them") + " with that version");
            }
            return notes.isEmpty() ? null : String.join("; ", notes);
        }
    }

    public TransitionLog(Path stateDirectory) {
        this(stateDirectory, Durability.FSYNC);
    }

    /** With {@code forcer} making the file durable (tests count and hold the fsyncs). */
    TransitionLog(Path stateDirectory, Durability.Forcer forcer) {
        this(stateDirectory.resolve(FILE_NAME), new Durability(forcer), false);
    }

    private TransitionLog(Path file, Durability durability, boolean deferred) {
        this.file = file;
        this.durability = durability;
        this.deferred = deferred;
    }

    /**
     * This log, whose {@link #append} returns once the line is written, before it is durable: its fsync
     * starts at once in the background, shared with the lines that follow it. {@link #sync()} (on either)
     * waits for them. The view and this log share the file's order and its fsyncs.
     */
    public TransitionLog deferred() {
        return deferred ? this : new TransitionLog(file, durability, true);
    }

    /**
     * Waits until every line written so far (through this log or its views) is durable; throws as
     * {@link #append} does when the fsync fails.
     */
    public void sync() {
        try {
            durability.await(durability.written());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transition log " + file + ": " + e.getMessage()
                    + " (check state_directory in the config and its permissions)", e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Writes {@code entry} as one line at the end of the file; returns once it is durable (a {@link
     * #deferred()} view: once written, its fsync under way).
     */
    public void append(TransitionEntry entry) {
        try {
            String json = MAPPER.writeValueAsString(entry) + "\n";
            long line = durability.write(() -> {
                StateFiles.directory(file.getParent());
                StateFiles.prepare(file);
                byte[] bytes = (endsTorn() ? "\n" + json : json).getBytes(StandardCharsets.UTF_8);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }, file);
            if (deferred) {
                durability.soon(line);
            } else {
                durability.await(line);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a transition log entry: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transition log " + file + ": " + e.getMessage()
                    + " (check state_directory in the config and its permissions)", e);
        }
    }

    /**
     * True when the file's last byte is not a newline: a write cut short by a crash. Another
     * process appending between this look and our write at worst leaves an empty line, which
     * readers pass over.
     */
    private boolean endsTorn() throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.position(size - 1);
            return ch.read(last) == 1 && last.get(0) != '\n';
        }
    }

    /** Every readable entry, oldest first (damaged lines skipped; {@link #readAll()} counts them). */
    public List<TransitionEntry> read() {
        return readAll().entries();
    }

    /** The readable entries of one type, oldest first: {@code read(OperationEntry.class)}. */
    public <T extends TransitionEntry> List<T> read(Class<T> type) {
        return read().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every readable entry, oldest first, and the damaged lines skipped on the way. */
    public Contents readAll() {
        if (Files.notExists(file)) {    // not "!exists": a directory we may not enter is a refusal, not an empty log
            return new Contents(List.of(), 0, 0);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("cannot read the transition log " + file + ": permission denied (hactl"
                    + " makes it 0640 in a 0750 state directory): run as root, or as a member of their group", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transition log " + file + ": " + e.getMessage(), e);
        }
        List<TransitionEntry> entries = new ArrayList<>();
        int damaged = 0;
        int first = 0;
        int unknown = 0;
        int firstUnknown = 0;
        int number = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            Line read = parse(line);
            if (read == null) {
                if (damaged++ == 0) {
                    first = number;
                }
            } else if (read.entry() == null) {
                if (unknown++ == 0) {
                    firstUnknown = number;
                }
            } else {
                entries.add(read.entry());
            }
        }
        return new Contents(entries, damaged, first, unknown, firstUnknown);
    }

    /** A line that is an entry, or one of an event this hactl does not know (entry null). */
    private record Line(TransitionEntry entry) {
    }

    /**
     * What {@code line} is; null when it is no entry: every line hactl writes has a time and an
     * event. A line with a time and an event name this hactl does not know is an unknown event's.
     */
    private static Line parse(String line) {
        try {
            TransitionEntry e = MAPPER.readValue(line, TransitionEntry.class);
            return e != null && e.time() != null ? new Line(e) : null;
        } catch (InvalidTypeIdException e) {
            return e.getTypeId() != null && hasTime(line) ? new Line(null) : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static boolean hasTime(String line) {
        try {
            JsonNode time = MAPPER.readTree(line).get("time");
            return time != null && time.isTextual();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
