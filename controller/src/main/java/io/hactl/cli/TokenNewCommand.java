package io.hactl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hactl.api.ApiClient;
import io.hactl.api.OperatorTokens;
import io.hactl.config.ControllerConfig;
import io.hactl.text.ControlChars;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A new operator token: written to a 0600 file, its hash printed for the config. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Make a new operator token in a 0600 file; print the hash for hactl.yml.",
                "32 random bytes (URL-safe base64) written to the file given with --out (created mode 0600;"
                        + " an existing file is never overwritten), and print the lines to paste under "
                        + "controller.operators in hactl.yml (the name and the token's SHA-256). The token itself is "
                        + "never printed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:could not write the file", "2:refused: the file exists"})
public final class TokenNewCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    @Parameters(paramLabel = "NAME", description = "The operator's name, as the transition log will show it (e.g. alice):"
            + " letters, digits, '.', '_' and '-', as controller.operators takes them.")
    String name;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "Where to write the token (e.g. ~/.config/hactl/token, read by ack/reject by default).")
    Path out;

    @Option(names = "--json", description = "Print the name, file and hash as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!ControllerConfig.Operator.isName(name)) {
                throw new BadUsage(spec, "token new: '" + ControlChars.escape(name) + "' is not an operator name: "
                        + ControllerConfig.Operator.NAME_RULE + " (e.g. alice), as controller.operators in hactl.yml"
                        + " takes them; --out was not written");
            }
            Path file = out.toAbsolutePath().normalize();
            Path dir = file.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new BadUsage(spec, "token new: --out " + file + ": directory " + dir + " does not exist: create it"
                        + " first (mkdir -p -m 700 " + dir + ")");
            }
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
            } catch (FileAlreadyExistsException e) {
                err.println("token new: " + file + " exists: refusing to overwrite a token (someone may use it); choose"
                        + " another --out FILE, or remove the old one first if it is yours to replace (and its"
                        + " line under controller.operators)");
                return 2;
            }
            try {
                Files.setPosixFilePermissions(file, OWNER_RW);
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                err.println("token new: cannot write " + file + ": " + e.getMessage());
                return 1;
            }
            String hash = OperatorTokens.sha256Hex(token);
            if (json) {
                ObjectNode n = ApiClient.mapper().createObjectNode();
                n.put("name", name);
                n.put("file", file.toString());
                n.put("token_sha256", hash);
                o.println(ControllerCall.pretty(n));
                return 0;
            }
            o.println("token new: a token for operator " + name + " is in " + file + " (mode 0600); it is not shown here.");
            o.println("Paste these lines under controller.operators in hactl.yml (only the hash goes there):");
            o.println();
            o.println("    - name: " + name);
            o.println("      token_sha256: " + hash);
            o.println();
            o.println("then restart the controller (systemctl restart hactl-controller; check first: hactl conf check).");
            o.println("The CLI reads the token from --token-file " + file + ", $HACTL_TOKEN, or ~/.config/hactl/token"
                    + " (mode 0600).");
            return 0;
        } finally {
            o.flush();
            err.flush();
        }
    }
}
