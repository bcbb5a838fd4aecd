package io.hactl.api;

import io.hactl.config.ControllerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a bearer token belongs to: its SHA-256 (lower-case hex) against the hashes under
 * {@code controller.operators}. The comparison is constant-time and goes through every
 * operator, so the answer's timing says nothing about how close a guess was. The token
 * itself is never kept, logged or returned.
 */
public final class OperatorTokens {

    private final List<ControllerConfig.Operator> operators;

    public OperatorTokens(List<ControllerConfig.Operator> operators) {
        this.operators = operators == null ? List.of() : List.copyOf(operators);
    }

    public boolean none() {
        return operators.isEmpty();
    }

    /** The operator whose token this is, or empty. */
    public Optional<String> operatorFor(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        String match = null;
        for (ControllerConfig.Operator op : operators) {
            String expected = op.tokenSha256() == null ? "" : op.tokenSha256().strip().toLowerCase(Locale.ROOT);
            boolean equal = MessageDigest.isEqual(presented, expected.getBytes(StandardCharsets.US_ASCII));
            if (equal && match == null) {
                match = op.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** The lower-case hex SHA-256 of {@code token}'s UTF-8 bytes: what {@code token_sha256} holds. */
    public static String sha256Hex(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
