/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

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

    /**
     * @param maxLineOctets RFC 2449 §4: at most 255 octets per command line, CRLF included
     */
    public Pop3Receiver(int maxLineOctets) {
        if (maxLineOctets < 8) {
            throw new IllegalArgumentException("maxLineOctets must allow at least a keyword and CRLF: " + maxLineOctets);
        }
        this.maxLineOctets = maxLineOctets;
        this.line = new byte[maxLineOctets];
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

    private Received completeLine() {
        long octets = lineOctets;
        int length = lineLength;
        lineOctets = 0;
        lineLength = 0;
        if (octets > maxLineOctets) {
            return new Rejected(Pop3Response.err("line too long (max " + maxLineOctets + " octets)"));
        }
        // RFC 1939 §3 requires CRLF; a bare LF is accepted as well, as most servers do, since it is unambiguous
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        try {
            return new Command(Pop3CommandParser.parse(line, length));
        } catch (Pop3ProtocolException e) {
            return new Rejected(e.reply());
        }
    }
}
