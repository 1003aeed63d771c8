/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * Incremental framer for POP3 command lines. It is fed arbitrary chunks and hands out one {@link Received} at a time,
 * never re-scanning bytes it has already consumed. The line limit is enforced while bytes arrive: an over-long line is
 * discarded up to its LF without being buffered, then reported as one rejection, so the session answers it in order
 * and the connection survives.
 *
 * <p>Not thread-safe: one receiver per connection, used from its event loop only.
 */
public final class Pop3Receiver {
    private final int maxLineOctets;
    private final int maxAuthLineOctets;
    /** The next line is a SASL client response (RFC 5034 §4), not a command. */
    private boolean rawLineExpected;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int headOffset;
    private final byte[] line;
    private int lineLength;
    /** Octets of the current line seen so far, including those not kept because the line is already too long. */
    private long lineOctets;

    /** What {@link #next()} yields: a parsed command or an error reply for one line. */
    public sealed interface Received {
    }

    public record Command(Pop3Command command) implements Received {
    }

    public record Rejected(Pop3Response reply) implements Received {
    }

    /** A line asked for with {@link #expectRawLine()}, without its line end; it carries credentials. */
    public record Line(String text) implements Received {
        @Override
        public String toString() {
            return "Line[***]";
        }
    }

    public Pop3Receiver(int maxLineOctets) {
        this(maxLineOctets, maxLineOctets);
    }

    /**
     * @param maxLineOctets     RFC 2449 §4: at most 255 octets per command line, CRLF included
     * @param maxAuthLineOctets limit for AUTH command lines and SASL responses, which RFC 5034 §4 exempts from the
     *                          255-octet limit (a base64 PLAIN response with a long password needs more)
     */
    public Pop3Receiver(int maxLineOctets, int maxAuthLineOctets) {
        if (maxLineOctets < 8) {
            throw new IllegalArgumentException("maxLineOctets must allow at least a keyword and CRLF: " + maxLineOctets);
        }
        this.maxLineOctets = maxLineOctets;
        this.maxAuthLineOctets = Math.max(maxLineOctets, maxAuthLineOctets);
        this.line = new byte[this.maxAuthLineOctets];
    }

    /** The next complete line is handed out as a {@link Line} instead of being parsed as a command. */
    public void expectRawLine() {
        rawLineExpected = true;
    }

    /**
     * Forgets every queued octet and any partial line, returning how many were dropped. STLS needs it: RFC 2595 §4
     * (and CVE-2011-0411) require that commands pipelined before the TLS handshake are never executed.
     */
    public long discardBuffered() {
        long dropped = lineOctets;
        for (byte[] chunk : pending) {
            dropped += chunk.length;
        }
        dropped -= headOffset;
        pending.clear();
        headOffset = 0;
        lineLength = 0;
        lineOctets = 0;
        rawLineExpected = false;
        return dropped;
    }

    /** Queues a chunk; the bytes are copied, so the caller may reuse its array. */
    public void feed(byte[] chunk, int offset, int length) {
        if (length > 0) {
            pending.add(Arrays.copyOfRange(chunk, offset, offset + length));
        }
    }

    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** True when no queued byte is left unconsumed (a partial line may still be held). */
    public boolean isDrained() {
        return pending.isEmpty();
    }

    /** The next complete line as a command or a rejection, or empty when more bytes are needed. */
    public Optional<Received> next() {
        while (!pending.isEmpty()) {
            byte[] head = pending.peek();
            int i = headOffset;
            while (i < head.length) {
                byte b = head[i++];
                lineOctets++;
                if (b == '\n') {
                    advance(head, i);
                    return Optional.of(completeLine());
                }
                if (lineLength < line.length) {
                    line[lineLength++] = b;
                }
            }
            advance(head, i);
        }
        return Optional.empty();
    }

    private void advance(byte[] head, int consumed) {
        if (consumed >= head.length) {
            pending.poll();
            headOffset = 0;
        } else {
            headOffset = consumed;
        }
    }

    private boolean isAuthLine(int length) {
        return length >= 5 && (line[0] | 0x20) == 'a' && (line[1] | 0x20) == 'u' && (line[2] | 0x20) == 't'
                && (line[3] | 0x20) == 'h' && line[4] == ' ';
    }

    private Received completeLine() {
        long octets = lineOctets;
        int length = lineLength;
        lineOctets = 0;
        lineLength = 0;
        boolean raw = rawLineExpected;
        rawLineExpected = false;
        int limit = raw || isAuthLine(length) ? maxAuthLineOctets : maxLineOctets;
        if (octets > limit) {
            return new Rejected(Pop3Response.err("line too long (max " + limit + " octets)"));
        }
        // RFC 1939 §3 requires CRLF; a bare LF is accepted as well, as most servers do, since it is unambiguous
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (raw) {
            return new Line(new String(line, 0, length, StandardCharsets.US_ASCII));
        }
        try {
            return new Command(Pop3CommandParser.parse(line, length));
        } catch (Pop3ProtocolException e) {
            return new Rejected(e.reply());
        }
    }
}
