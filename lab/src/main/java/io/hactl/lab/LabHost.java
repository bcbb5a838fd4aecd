package io.hactl.lab;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the lab asks of this machine; replaced in unit tests. */
interface LabHost {

    boolean isRoot();

    /** The absolute path of a program (PATH, then the sbin directories), or null. */
    Path which(String program);

    boolean hasHabetsArping();

    LabHost REAL = new LabHost() {
        @Override
        public boolean isRoot() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return line.split("\\s+")[2].equals("0");
                    }
                }
            } catch (IOException e) {
                // fall through
            }
            return false;
        }

        @Override
        public Path which(String program) {
            if (program.startsWith("/")) {
                return Files.isExecutable(Path.of(program)) ? Path.of(program) : null;
            }
            List<String> dirs = new ArrayList<>();
            String path = System.getenv("PATH");
            if (path != null) {
                dirs.addAll(List.of(path.split(":")));
            }
            dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
            for (String d : dirs) {
                if (!d.isEmpty()) {
                    Path p = Path.of(d, program);
                    if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                        return p.toAbsolutePath();
                    }
                }
            }
            return null;
        }

        @Override
        public boolean hasHabetsArping() {
            Path arping = which("arping");
            if (arping == null) {
                return false;
            }
            CommandResult r = LocalShell.exec("host", List.of(arping.toString(), "--help"), "arping --help", null,
                    Duration.ofSeconds(5));
            return (r.out() + r.err()).contains("Habets");
        }
    };
}
