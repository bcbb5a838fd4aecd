package io.hactl.console;

import io.hactl.backup.BackupDays;
import io.hactl.backup.BackupStore;
import io.hactl.backup.BackupVerifier;
import io.hactl.backup.Manifest;
import io.hactl.backup.Progress;
import io.hactl.config.HactlConfig;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Backups page (issue 17): the days of the controller host's backup directory
 * ({@code backup.directory}) newest first, each with its manifest's fields, its size and a cheap check
 * of its files ({@link BackupDays}, the reading {@code hactl backup list} prints); a day's full
 * verification on request ({@link BackupVerifier}, as {@code hactl backup verify DATE}: it re-reads
 * every byte, so one at a time). Reads only.
 */
@Controller
public class ConsoleBackupsController {

    /** The days shown: the last month of daily backups. */
    static final int DAYS = 31;

    private final HactlConfig cfg;
    private final Semaphore verifying = new Semaphore(1);

    public ConsoleBackupsController(HactlConfig cfg) {
        this.cfg = cfg;
    }

    /** A day's full verification, for the page: each file's verdict, warnings, the verdict. */
    public record Verification(LocalDate date, List<String> checks, List<String> warnings, boolean ok, String verdict) {
    }

    @GetMapping("/backups")
    public String backups(@RequestParam(name = "verify", required = false) String verify, Model model,
                          Authentication auth, HttpServletResponse response) {
        ConsoleUsers.describe(model, auth);
        BackupStore store = new BackupStore(cfg.backupDirectory());
        model.addAttribute("root", store.root());
        model.addAttribute("source", cfg.source());
        model.addAttribute("times", ConsoleTimeText.UTC);
        model.addAttribute("progress", new Sizes());
        List<BackupDays.Day> days = List.of();
        try {
            days = new ArrayList<>(BackupDays.read(store));
            Collections.reverse(days);
        } catch (IOException e) {
            model.addAttribute("message", "cannot read " + store.root() + ": " + e.getMessage() + " (check that the"
                    + " controller's user may read it, or backup.directory in " + cfg.source() + ")");
        }
        model.addAttribute("total", days.size());
        model.addAttribute("days", days.size() > DAYS ? days.subList(0, DAYS) : days);
        if (verify != null) {
            LocalDate day;
            try {
                day = LocalDate.parse(verify.strip().replace('/', '-'));
            } catch (DateTimeParseException e) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                model.addAttribute("message", "verify: '" + verify + "' is not a date: write it as YEAR-MONTH-DAY,"
                        + " e.g. " + LocalDate.now());
                return "console/backups";
            }
            model.addAttribute("verification", verify(store, day));
        }
        return "console/backups";
    }

    /** The day's manifest, as JSON (re-written from what was read: sizes, SHA-256, GTID; no secret is in it). */
    @GetMapping("/backups/{day}/manifest.json")
    public ResponseEntity<byte[]> manifest(@PathVariable("day") String day) throws IOException {
        LocalDate d;
        try {
            d = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body(("'" + day + "' is not a date: write it as YEAR-MONTH-DAY\n").getBytes());
        }
        Optional<Manifest> m = Manifest.read(new BackupStore(cfg.backupDirectory()).dayDir(d));
        if (m.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body(("no manifest for " + d + ": no complete backup that day\n").getBytes());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(m.get().toJson());
    }

    private Verification verify(BackupStore store, LocalDate day) {
        if (!verifying.tryAcquire()) {
            return new Verification(day, List.of(), List.of(), false, "another verification is running: try again"
                    + " when it ends (each re-reads a whole backup)");
        }
        try {
            Optional<BackupVerifier.Report> r = BackupVerifier.verify(store.dayDir(day));
            if (r.isEmpty()) {
                return new Verification(day, List.of(), List.of(), false, "no manifest in " + store.dayDir(day)
                        + ": no complete backup that day");
            }
            List<String> checks = r.get().checks().stream().map(c -> c.component() + " " + c.file() + ": "
                    + (c.ok() ? "ok" : "BAD: " + c.problem())).toList();
            return new Verification(day, checks, r.get().warnings(), r.get().ok(), r.get().ok()
                    ? "good: every file matches the manifest"
                    : "BAD: this backup cannot be trusted; take a new one (hactl backup)");
        } catch (IOException e) {
            return new Verification(day, List.of(), List.of(), false, "cannot read " + store.dayDir(day) + ": "
                    + e.getMessage());
        } finally {
            verifying.release();
        }
    }

    /** Sizes as {@code hactl backup} prints them, for the page. */
    public static final class Sizes {
        public String of(long bytes) {
            return Progress.bytes(bytes);
        }
    }
}
