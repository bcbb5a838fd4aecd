package io.hactl.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json} of one day's backup: which file holds which component, its size and
 * SHA-256, when it was made, and for the database the node it was dumped from and the GTID
 * and binary log position of the dump. The manifest is written last and atomically: the
 * files it names are the day's backup; any other file in the directory is not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int format, String hactlVersion, String cluster, String date, String run, Instant started,
                       Instant ended, String host, List<Entry> components) {

    public static final String FILE = "manifest.json";
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * One component's file.
     *
     * @param bytes    size of the file (compressed)
     * @param rawBytes size of what was compressed (SQL text, tar stream)
     * @param node     the node it was read from
     * @param role     for the database: master or replica, at the time of the dump
     * @param paths    for a file component: the paths tar'ed
     * @param warning  a warning (tar: a file changed while it was read)
     * @param method   for the database: {@link #PHYSICAL} (a tar of the whole server's data directory, prepared by
     *                 mariadb-backup: restore-node copies it back) or {@link #LOGICAL} (mariadb-dump's SQL of the
     *                 application database); absent in manifests written before physical backups: logical
     * @param serverVersion for the database: the server's version (a physical copy starts only on its major version)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String component, String file, long bytes, String sha256, long rawBytes, String compression,
                        Instant started, Instant ended, String node, String role, String database, String gtid,
                        String binlogFile, Long binlogPosition, List<String> paths, String warning, String method,
                        String serverVersion) {

        /** Without a method (a file component; a logical dump of a manifest written before physical backups). */
        public Entry(String component, String file, long bytes, String sha256, long rawBytes, String compression,
                     Instant started, Instant ended, String node, String role, String database, String gtid,
                     String binlogFile, Long binlogPosition, List<String> paths, String warning) {
            this(component, file, bytes, sha256, rawBytes, compression, started, ended, node, role, database, gtid,
                    binlogFile, binlogPosition, paths, warning, null, null);
        }

        /** A physical copy of the whole server (mariadb-backup), not a SQL dump. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean physical() {
            return PHYSICAL.equals(method);
        }
    }

    /** {@link Entry#method()} of a mariadb-backup copy. */
    public static final String PHYSICAL = "physical";
    /** {@link Entry#method()} of a mariadb-dump. */
    public static final String LOGICAL = "logical";

    public Optional<Entry> entry(String component) {
        return components.stream().filter(e -> e.component().equals(component)).findFirst();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public byte[] toJson() throws IOException {
        return (MAPPER.writeValueAsString(this) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The manifest in {@code dayDir}, if there is one; throws when it is there but unreadable. */
    public static Optional<Manifest> read(Path dayDir) throws IOException {
        Path f = dayDir.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(MAPPER.readValue(f.toFile(), Manifest.class));
    }
}
