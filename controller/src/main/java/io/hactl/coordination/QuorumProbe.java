package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import io.hactl.config.CoordinationSettings.Member;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Asks each ZooKeeper member directly what it is ({@code srvr}, the one four-letter command
 * ZooKeeper 3.5+ allows by default, on the client port): a member that answers "Mode: leader /
 * follower / standalone" serves; "not currently serving requests" means it is up but has no quorum.
 * A session cannot say this: without a quorum there is no session to ask with. All members are
 * asked at once, each bounded by the connection timeout.
 */
final class QuorumProbe implements AutoCloseable {

    private static final Pattern MODE = Pattern.compile("(?m)^Mode: *(\\S+)");

    /** What one member answered. */
    record Answer(Member member, Kind kind, String detail) {

        enum Kind {
            /** leader, follower, observer, standalone */
            SERVING,
            /** up, without a quorum */
            NOT_SERVING,
            /** up, but it answered something else (srvr not allowed by 4lw.commands.whitelist) */
            UNKNOWN,
            /** refused, timed out, unknown host */
            UNREACHABLE
        }

        /** The answer as status shows it. */
        MemberView view() {
            return switch (kind) {
                case SERVING -> new MemberView(member.text(), detail, null);
                case NOT_SERVING -> new MemberView(member.text(), MemberView.NOT_SERVING, "up, no quorum");
                case UNKNOWN -> new MemberView(member.text(), MemberView.UNKNOWN, detail);
                case UNREACHABLE -> new MemberView(member.text(), MemberView.UNREACHABLE, detail);
            };
        }

        String text() {
            return switch (kind) {
                case SERVING -> member.text() + " " + detail;
                case NOT_SERVING -> member.text() + " up, not serving (no quorum)";
                case UNKNOWN -> member.text() + " up, state unknown (" + detail + ")";
                case UNREACHABLE -> member.text() + " unreachable (" + detail + ")";
            };
        }
    }

    /** All members' answers. */
    record View(List<Answer> answers, int majority) {

        long serving() {
            return answers.stream().filter(a -> a.kind() == Answer.Kind.SERVING).count();
        }

        long unknown() {
            return answers.stream().filter(a -> a.kind() == Answer.Kind.UNKNOWN).count();
        }

        /** Fewer members serve than a majority, even counting those whose state is unknown. */
        boolean lacksQuorum() {
            return serving() + unknown() < majority;
        }

        String text() {
            return answers.stream().map(Answer::text).collect(Collectors.joining(", "));
        }
    }

    private final List<Member> members;
    private final int majority;
    private final Duration timeout;
    private final ExecutorService askers;

    QuorumProbe(CoordinationSettings settings) {
        this.members = settings.members();
        this.majority = settings.majority();
        this.timeout = settings.connectionTimeout();
        this.askers = Executors.newFixedThreadPool(Math.max(1, members.size()), r -> {
            Thread t = new Thread(r, "hactl-zk-quorum-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Every member's answer, asked in parallel; takes at most about twice the connection timeout. */
    View look() {
        List<Future<Answer>> asked = new ArrayList<>();
        for (Member m : members) {
            asked.add(askers.submit(() -> ask(m)));
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            answers.add(await(asked.get(i), members.get(i)));
        }
        return new View(answers, majority);
    }

    private Answer await(Future<Answer> f, Member m) {
        try {
            return f.get(timeout.toMillis() * 2 + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Answer(m, Answer.Kind.UNREACHABLE, "no answer within " + timeout.toMillis() * 2 + " ms");
        } catch (ExecutionException e) {
            return new Answer(m, Answer.Kind.UNREACHABLE, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(m, Answer.Kind.UNREACHABLE, "interrupted");
        }
    }

    private Answer ask(Member m) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(m.host(), m.port()), ms);
            s.setSoTimeout(ms);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String reply = readAll(s.getInputStream());
            Matcher mode = MODE.matcher(reply);
            if (mode.find()) {
                return new Answer(m, Answer.Kind.SERVING, mode.group(1));
            }
            if (reply.contains("not currently serving")) {
                return new Answer(m, Answer.Kind.NOT_SERVING, reply.strip());
            }
            return new Answer(m, Answer.Kind.UNKNOWN, reply.isBlank() ? "empty answer to srvr" : reply.strip());
        } catch (IOException e) {
            return new Answer(m, Answer.Kind.UNREACHABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) > 0 && out.size() < 16_384; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
