package io.hactl.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The days of a backup directory with their manifests, as {@code hactl backup list} prints them and
 * the console's Backups page shows them: one reading of the {@link BackupStore}, two ways to show it.
 * Also a cheap check of each day (every file the manifest names is there with its recorded size; a
 * stat per file): {@link BackupVerifier} re-reads every byte, which is {@code hactl backup verify}.
 */
public final class BackupDays {

    /**
     * One day's directory.
     *
     * @param manifest its manifest; null when it has none (no complete backup) or it cannot be read
     * @param problem  why there is no manifest, in words; null when there is one
     */
    public record Day(LocalDate date, Path directory, Manifest manifest, String problem) {

        /** The size of the day's files, as the manifest records them (compressed). */
        public long bytes() {
            return manifest == null ? 0 : manifest.components().stream().mapToLong(Manifest.Entry::bytes).sum();
        }

        public List<String> components() {
            return manifest == null ? List.of() : manifest.components().stream().map(Manifest.Entry::component).toList();
        }

        /** "from n2 (replica), GTID 0-1-1042" ("from n2 (replica), physical, GTID ..."), or "-" without a database. */
        public String database() {
            return manifest == null ? "-" : manifest.entry("database").map(e -> "from " + e.node() + " (" + e.role()
                    + ")" + (e.physical() ? ", physical" : "") + ", GTID " + (e.gtid() == null ? "-" : e.gtid()))
                    .orElse("-");
        }

        /**
         * Every file the manifest names is there with its recorded size: "" when so, else what is
         * not, one file per part ("tomcat.tar: size 6 bytes, the manifest says 12"). Stat only.
         */
        public List<String> missingOrResized() {
            List<String> out = new ArrayList<>();
            if (manifest == null) {
                return out;
            }
            for (Manifest.Entry e : manifest.components()) {
                Path f = directory.resolve(e.file());
                try {
                    if (!f.normalize().startsWith(directory.normalize())) {
                        out.add(e.file() + ": outside the day's directory");
                    } else if (!Files.isRegularFile(f)) {
                        out.add(e.file() + ": missing");
                    } else if (Files.size(f) != e.bytes()) {
                        out.add(e.file() + ": size " + Files.size(f) + " bytes, the manifest says " + e.bytes());
                    }
                } catch (IOException ex) {
                    out.add(e.file() + ": unreadable: " + ex.getMessage());
                }
            }
            return out;
        }
    }

    private BackupDays() {
    }

    /** Every day of {@code store}, oldest first; throws when the directory cannot be read. */
    public static List<Day> read(BackupStore store) throws IOException {
        List<Day> days = new ArrayList<>();
        for (LocalDate d : store.days()) {
            Path dir = store.dayDir(d);
            try {
                Optional<Manifest> m = Manifest.read(dir);
                days.add(new Day(d, dir, m.orElse(null), m.isPresent() ? null : "no manifest: no complete backup"));
            } catch (IOException e) {
                days.add(new Day(d, dir, null, "unreadable manifest: " + e.getMessage()));
            }
        }
        return days;
    }
}
