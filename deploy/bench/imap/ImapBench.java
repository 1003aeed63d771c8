/* Mail platform. Licensed under the Apache License 2.0. */
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IMAP benchmark client, the same for every server.
 *
 * mixed NAME HOST PORT USERS_FILE DURATION WARMUP
 *   one thread per line of USERS_FILE ("user password"), each logged in as its user, repeating
 *   SELECT, FETCH 1:* (FLAGS), FETCH n BODY.PEEK[], STORE n +/-FLAGS (\Flagged), SEARCH FLAGGED, APPEND,
 *   STORE last +FLAGS.SILENT (\Deleted), EXPUNGE until the duration is over. Prints commands/s and latencies.
 *
 * idle NAME HOST PORT USER PASSWORD COUNT HOLD_SECONDS
 *   opens COUNT connections (32 at a time), each LOGIN, SELECT INBOX, IDLE; prints "IDLE-READY n" and holds them
 *   HOLD_SECONDS (the runner measures the server's memory meanwhile), then closes them.
 */
public class ImapBench {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("mixed")) {
            mixed(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]), Long.parseLong(args[5]),
                    Long.parseLong(args[6]));
        } else if (args[0].equals("idle")) {
            idle(args[1], args[2], Integer.parseInt(args[3]), args[4], args[5], Integer.parseInt(args[6]),
                    Long.parseLong(args[7]));
        } else {
            throw new IllegalArgumentException("mode: mixed | idle");
        }
    }

    static final class Connection implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;
        int tag;

        Connection(String host, int port) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 30_000);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
            String greeting = readLine();
            if (!greeting.startsWith("* OK")) {
                throw new IOException("greeting: " + greeting);
            }
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                prev = b;
            }
        }

        /** Sends one command (an optional literal as LITERAL+) and reads to its tagged reply; returns all lines. */
        List<String> command(String text, byte[] literal) throws IOException {
            String t = "b" + (++tag);
            if (literal == null) {
                out.write((t + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((t + " " + text + " {" + literal.length + "+}\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(literal);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine();
                Matcher m = LITERAL.matcher(line);
                while (m.find()) {
                    in.skipNBytes(Long.parseLong(m.group(1)));
                    line = line + "<literal>" + readLine();
                    m = LITERAL.matcher(line);
                }
                lines.add(line);
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) {
                        throw new IOException(text + " -> " + line);
                    }
                    return lines;
                }
            }
        }

        List<String> command(String text) throws IOException {
            return command(text, null);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static void mixed(String name, String host, int port, Path usersFile, long duration, long warmup)
            throws Exception {
        List<String[]> users = new ArrayList<>();
        for (String line : Files.readAllLines(usersFile)) {
            if (!line.isBlank()) {
                users.add(line.trim().split(" ", 2));
            }
        }
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        AtomicLong commands = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(duration);
        CountDownLatch done = new CountDownLatch(users.size());
        // every APPEND is a message of its own (as a client's Sent or Drafts copies are): same size, own Message-ID
        AtomicLong appendSequence = new AtomicLong();
        for (String[] user : users) {
            new Thread(() -> {
                try (Connection c = new Connection(host, port)) {
                    c.command("LOGIN \"" + user[0] + "\" \"" + user[1] + "\"");
                    boolean flag = true;
                    while (System.nanoTime() < end) {
                        int exists = 0;
                        for (String l : timed(c, "SELECT", "SELECT INBOX", null, measureFrom, latencies, commands)) {
                            if (l.endsWith(" EXISTS")) {
                                exists = Integer.parseInt(l.split(" ")[1]);
                            }
                        }
                        if (exists == 0) {
                            throw new IOException("empty INBOX for " + user[0]);
                        }
                        int n = 1 + ThreadLocalRandom.current().nextInt(Math.min(exists, 20));
                        timed(c, "FETCH FLAGS", "FETCH 1:* (FLAGS)", null, measureFrom, latencies, commands);
                        timed(c, "FETCH BODY[]", "FETCH " + n + " BODY.PEEK[]", null, measureFrom, latencies,
                                commands);
                        timed(c, "STORE", "STORE " + n + (flag ? " +" : " -") + "FLAGS (\\Flagged)", null,
                                measureFrom, latencies, commands);
                        flag = !flag;
                        timed(c, "SEARCH", "SEARCH FLAGGED", null, measureFrom, latencies, commands);
                        timed(c, "APPEND", "APPEND INBOX", appended(appendSequence.incrementAndGet()),
                                measureFrom, latencies, commands);
                        timed(c, "STORE", "STORE " + (exists + 1) + " +FLAGS.SILENT (\\Deleted)", null, measureFrom,
                                latencies, commands);
                        timed(c, "EXPUNGE", "EXPUNGE", null, measureFrom, latencies, commands);
                    }
                    c.command("LOGOUT");
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println(name + " " + user[0] + ": " + e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        double seconds = duration;
        System.out.printf("%-8s mixed: %d clients, %.0f commands/s, %d errors%n", name, users.size(),
                commands.get() / seconds, errors.get());
        for (Map.Entry<String, List<Long>> e : new TreeMap<>(latencies).entrySet()) {
            long[] sorted = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%-8s   %-12s n=%6d p50=%6.1f ms p99=%6.1f ms%n", name, e.getKey(), sorted.length,
                    pct(sorted, 0.50), pct(sorted, 0.99));
        }
    }

    static List<String> timed(Connection c, String label, String command, byte[] literal, long measureFrom,
            Map<String, List<Long>> latencies, AtomicLong commands) throws IOException {
        long t0 = System.nanoTime();
        List<String> lines = c.command(command, literal);
        long t1 = System.nanoTime();
        if (t0 >= measureFrom) {
            commands.incrementAndGet();
            latencies.computeIfAbsent(label, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(t1 - t0);
        }
        return lines;
    }

    static byte[] appended(long sequence) {
        return ("From: bench@example.org\r\nTo: someone@example.org\r\nSubject: appended\r\n"
                + "Message-ID: <" + String.format("%012d", sequence) + ".bench@example.org>\r\n"
                + "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n" + "x".repeat(2000) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    static void idle(String name, String host, int port, String user, String password, int count, long hold)
            throws Exception {
        List<Connection> open = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pool.execute(() -> {
                try {
                    Connection c = new Connection(host, port);
                    c.command("LOGIN \"" + user + "\" \"" + password + "\"");
                    c.command("SELECT INBOX");
                    c.out.write("i IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.out.flush();
                    String line = c.readLine();
                    if (!line.startsWith("+")) {
                        throw new IOException("IDLE: " + line);
                    }
                    open.add(c);
                } catch (Exception e) {
                    if (failures.incrementAndGet() < 5) {
                        System.err.println(name + " idle connection failed: " + e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        System.out.printf("IDLE-READY %d (%d failed) in %.1f s%n", open.size(), failures.get(),
                (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(hold));
        for (Connection c : open) {
            c.close();
        }
    }
}
