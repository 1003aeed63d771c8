/* Mail platform. Licensed under the Apache License 2.0. */
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POP3 RETR throughput client. Each of N threads logs in as its own user (one maildrop per client, as POP3 locks
 * the maildrop), then RETRs its messages 1..n round-robin until the duration is over, reading every body to its
 * "." CRLF terminator. Prints messages/s and MB/s (octets on the wire, byte-stuffing included).
 *
 * Run: java PopBench.java NAME HOST PORT USERS_FILE DURATION_SECONDS WARMUP_SECONDS
 * USERS_FILE has one "user password" per line; the number of lines is the number of concurrent clients.
 */
public class PopBench {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        List<String[]> users = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            if (!line.isBlank()) {
                users.add(line.trim().split(" ", 2));
            }
        }
        long durationNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long warmupNanos = Long.parseLong(args[5]) * 1_000_000_000L;

        AtomicLong messages = new AtomicLong();
        AtomicLong octets = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(users.size());
        CountDownLatch done = new CountDownLatch(users.size());
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (String[] user : users) {
            Thread t = new Thread(() -> {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), 10_000);
                    socket.setSoTimeout(60_000);
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    OutputStream out = socket.getOutputStream();
                    expectOk(readLine(in), "greeting");
                    expectOk(command(in, out, "USER " + user[0]), "USER");
                    expectOk(command(in, out, "PASS " + user[1]), "PASS");
                    String stat = command(in, out, "STAT");
                    expectOk(stat, "STAT");
                    int count = Integer.parseInt(stat.split(" ")[1]);
                    if (count == 0) {
                        throw new IllegalStateException(user[0] + ": empty maildrop");
                    }
                    ready.countDown();
                    ready.await();
                    long start;
                    synchronized (window) {
                        start = window[0];
                    }
                    int next = 1;
                    while (System.nanoTime() - start < warmupNanos + durationNanos) {
                        out.write(("RETR " + next + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        expectOk(readLine(in), "RETR");
                        long body = readBody(in);
                        long now = System.nanoTime();
                        if (now - start >= warmupNanos && now - start < warmupNanos + durationNanos) {
                            messages.incrementAndGet();
                            octets.addAndGet(body);
                        }
                        next = next % count + 1;
                    }
                    command(in, out, "QUIT");
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println(name + " " + user[0] + ": " + e);
                    ready.countDown();
                } finally {
                    done.countDown();
                }
            });
            threads.add(t);
        }
        synchronized (window) {
            window[0] = System.nanoTime();
        }
        threads.forEach(Thread::start);
        ready.await();
        synchronized (window) {
            // the measured window starts once every client has logged in
            window[0] = System.nanoTime();
        }
        done.await();
        double seconds = durationNanos / 1e9;
        System.out.printf("%-10s clients=%d  %10.1f messages/s  %8.1f MB/s  (%d messages, %.1f MB in %.0f s, %d errors)%n",
                name, users.size(), messages.get() / seconds, octets.get() / seconds / 1e6, messages.get(),
                octets.get() / 1e6, seconds, errors.get());
    }

    private static String command(InputStream in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readLine(in);
    }

    private static void expectOk(String line, String what) {
        if (!line.startsWith("+OK")) {
            throw new IllegalStateException(what + ": " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (prev == '\r' && b == '\n') {
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) b);
            prev = b;
        }
    }

    /** Reads a multi-line body up to and including "." CRLF at a line start; returns the octets read. */
    private static long readBody(InputStream in) throws IOException {
        long n = 0;
        // state: 0 = at line start, 1 = inside a line, 2 = line start then '.', 3 = '.' then CR, 4 = CR inside a line
        int state = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a body");
            }
            n++;
            switch (state) {
                case 0 -> state = b == '.' ? 2 : (b == '\r' ? 4 : 1);
                case 1 -> state = b == '\r' ? 4 : 1;
                case 2 -> state = b == '\r' ? 3 : 1;
                case 3 -> {
                    if (b == '\n') {
                        return n;
                    }
                    state = b == '\r' ? 4 : 1;
                }
                case 4 -> state = b == '\n' ? 0 : (b == '\r' ? 4 : 1);
                default -> throw new IllegalStateException();
            }
        }
    }
}
