package io.hactl.packaging;

import io.hactl.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Writes the bash completion and the man pages of hactl from its command model ({@link Main#commandLine()}), at
 * build time, so they never drift from it: {@code DIR/completion/hactl} and {@code DIR/man/hactl[-SUB...].1} (packaging/pom.xml gzips them with {@code gzip -9n}, as
 * Debian wants: Java's gzip does not mark its header as maximum compression),
 * one page for hactl and one for each visible command and subcommand. Run on this module's classpath, which holds
 * the product only: the lab's {@code hactl lab} (an ExtraCommand) is not in them.
 *
 * <p>Use: {@code OperatorDocs DIR VERSION DATE} (packaging/pom.xml runs it at prepare-package).
 */
public final class OperatorDocs {

    private OperatorDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: OperatorDocs DIR VERSION DATE (packaging/pom.xml runs it)");
            System.exit(64);
        }
        List<Path> written = write(Path.of(args[0]), args[1], args[2]);
        System.out.println("operator docs: " + written.size() + " files in " + args[0]);
    }

    /** Writes the completion script and every man page under {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, String version, String date) throws IOException {
        CommandLine hactl = Main.commandLine();
        List<Path> written = new ArrayList<>();
        Path completion = Files.createDirectories(dir.resolve("completion")).resolve("hactl");
        Files.writeString(completion, Completion.script(hactl), StandardCharsets.UTF_8);
        written.add(completion);
        Path man = Files.createDirectories(dir.resolve("man"));
        for (CommandLine c : ManPage.commands(hactl)) {
            Path page = man.resolve(ManPage.fileName(c));
            Files.writeString(page, ManPage.roff(c, version, date), StandardCharsets.UTF_8);
            written.add(page);
        }
        return written;
    }
}
