/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.util.Arrays;

/**
 * Streams a stored message as the body of a RETR or TOP response (RFC 1939 §3): every line ends in CRLF (a bare LF
 * becomes CRLF), a line starting with "." gets one more "." (byte-stuffing), and {@link #finish()} adds the
 * "." CRLF terminator. For TOP it passes the header, the blank line and then only the first {@code n} body lines,
 * and reports {@link #isComplete()} so the caller can stop reading from storage early.
 *
 * <p>Stateful across chunks, so a message may be fed in pieces of any size. Not thread-safe; callers hand it from one
 * thread to the next through futures, which orders the accesses.
 */
public final class MessageEncoder {
    private final long bodyLineLimit;
    private boolean atLineStart = true;
    private boolean lineHasContent;
    private boolean pendingCr;
    private boolean inHeader = true;
    private long bodyLines;
    private boolean complete;
    private boolean finished;

    private byte[] out = new byte[0];
    private int outLength;

    /** The whole message (RETR). */
    public static MessageEncoder forRetr() {
        return new MessageEncoder(-1);
    }

    /** Header, blank line and the first {@code bodyLines} body lines (TOP). */
    public static MessageEncoder forTop(long bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("bodyLines must be >= 0");
        }
        return new MessageEncoder(bodyLines);
    }

    private MessageEncoder(long bodyLineLimit) {
        this.bodyLineLimit = bodyLineLimit;
    }

    /** True once TOP has emitted all the lines it wants; further input is ignored. */
    public boolean isComplete() {
        return complete;
    }

    /** Encodes {@code length} bytes of the stored message; returns the bytes to put on the wire. */
    public byte[] encode(byte[] chunk, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        ensureCapacity(length + length / 8 + 4);
        outLength = 0;
        int end = offset + length;
        for (int i = offset; i < end && !complete; i++) {
            if (!pendingCr && !atLineStart) {
                // inside a line only CR and LF matter: copy the run up to the next one in bulk (most of a message)
                int run = i;
                while (run < end && chunk[run] != '\r' && chunk[run] != '\n') {
                    run++;
                }
                if (run > i) {
                    putAll(chunk, i, run - i);
                    lineHasContent = true;
                    i = run - 1;
                    continue;
                }
            }
            byte b = chunk[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    put((byte) '\r');
                    put((byte) '\n');
                    endOfLine();
                    continue;
                }
                // a bare CR is not a line end for any client: pass it through unchanged
                content((byte) '\r');
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                // RFC 1939 §3: lines end in CRLF on the wire even if the stored copy used bare LF
                put((byte) '\r');
                put((byte) '\n');
                endOfLine();
            } else {
                content(b);
            }
        }
        return Arrays.copyOf(out, outLength);
    }

    public byte[] encode(byte[] chunk) {
        return encode(chunk, 0, chunk.length);
    }

    /** Completes the last line if the message did not end with one, then writes the "." CRLF terminator. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        ensureCapacity(8);
        outLength = 0;
        if (pendingCr && !complete) {
            pendingCr = false;
            put((byte) '\r');
            put((byte) '\n');
            atLineStart = true;
        }
        if (!atLineStart) {
            put((byte) '\r');
            put((byte) '\n');
        }
        put((byte) '.');
        put((byte) '\r');
        put((byte) '\n');
        return Arrays.copyOf(out, outLength);
    }

    private void content(byte b) {
        if (atLineStart && b == '.') {
            // RFC 1939 §3: byte-stuff a line that starts with the termination octet
            put((byte) '.');
        }
        put(b);
        atLineStart = false;
        lineHasContent = true;
    }

    private void endOfLine() {
        boolean empty = !lineHasContent;
        atLineStart = true;
        lineHasContent = false;
        if (inHeader) {
            // RFC 5322 §2.1: the first empty line ends the header section
            if (empty) {
                inHeader = false;
                complete = bodyLineLimit == 0;
            }
        } else {
            bodyLines++;
            complete = bodyLineLimit >= 0 && bodyLines >= bodyLineLimit;
        }
    }

    private void put(byte b) {
        if (outLength == out.length) {
            out = Arrays.copyOf(out, Math.max(16, out.length * 2));
        }
        out[outLength++] = b;
    }

    private void putAll(byte[] bytes, int from, int length) {
        if (outLength + length > out.length) {
            out = Arrays.copyOf(out, Math.max(outLength + length, out.length * 2));
        }
        System.arraycopy(bytes, from, out, outLength, length);
        outLength += length;
    }

    private void ensureCapacity(int capacity) {
        if (out.length < capacity) {
            out = new byte[capacity];
        }
    }
}
