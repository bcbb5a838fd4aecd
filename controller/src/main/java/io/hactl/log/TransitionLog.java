package io.hactl.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The transition log: one JSON object per line in {@code <state_directory>/transitions.jsonl},
 * appended and fsynced before the call returns, so a post-incident review can trust that
 * what was done is there. Readable back with {@link #read()}; a torn last line (power
 * loss mid-write) is skipped, never fatal.
 */
public final class TransitionLog {

    public static final String FILE_NAME = "transitions.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;

    public TransitionLog(Path stateDirectory) {
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(TransitionEntry entry) {
        try {
            StateFiles.directory(file.getParent());
            StateFiles.prepare(file);
            byte[] line = (MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a transition log entry: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transition log " + file + ": " + e.getMessage()
                    + " (check state_directory in the config and its permissions)", e);
        }
    }

    /** Every readable entry, oldest first. */
    public List<TransitionEntry> read() {
        List<TransitionEntry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readValue(line, TransitionEntry.class));
                } catch (JsonProcessingException e) {
                    // a torn last line after a crash: skip it, keep the rest
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transition log " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
