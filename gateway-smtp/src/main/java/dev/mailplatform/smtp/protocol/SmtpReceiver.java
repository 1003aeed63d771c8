/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Incremental framer for one SMTP connection: fed arbitrary chunks, it yields command lines, or in DATA mode the
 * unstuffed message content and the end-of-data mark. It never re-scans consumed bytes and never buffers more than
 * one command line (plus the chunk being fed): over-long lines are discarded while they arrive.
 *
 * <p>Pull-based on purpose: the session calls {@link #next()} only when it is ready for the next command, so
 * pipelined bytes after a DATA command stay here until the session has decided whether DATA was accepted
 * (RFC 2920 §3.1) and switched the mode with {@link #beginData()}.
 */
public final class SmtpReceiver {
    private enum DataState { LINE_START, IN_LINE, CR, DOT, DOT_CR }

    private final int maxLineLength;
    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    /** Where the LF search resumes, so a line arriving in many chunks is scanned once. */
    private int scanFrom;
    private boolean discardingLongLine;

    private boolean dataMode;
    private DataState dataState;
    private Inbound.DataDefect defect;
    private boolean dataEndPending;
    /** Octets of the current BDAT chunk still to come, or -1 outside a chunk. */
    private long chunkRemaining = -1;

    /**
     * @param maxLineLength longest command line accepted, counting the CRLF (RFC 5321 §4.5.3.1.4 requires at
     *                      least 512)
     */
    public SmtpReceiver(int maxLineLength) {
        if (maxLineLength < 512) {
            throw new IllegalArgumentException("RFC 5321 4.5.3.1.4: command lines of 512 octets must be accepted");
        }
        this.maxLineLength = maxLineLength;
    }

    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    public void feed(byte[] chunk, int offset, int length) {
        if (end + length > buf.length) {
            int live = end - start;
            byte[] target = live + length > buf.length ? new byte[Math.max(buf.length * 2, live + length)] : buf;
            System.arraycopy(buf, start, target, 0, live);
            buf = target;
            scanFrom = Math.max(0, scanFrom - start);
            end = live;
            start = 0;
        }
        System.arraycopy(chunk, offset, buf, end, length);
        end += length;
    }

    /** Bytes received but not yet turned into events. */
    public int buffered() {
        return end - start;
    }

    public boolean inDataMode() {
        return dataMode || chunkRemaining >= 0;
    }

    /**
     * Switches to reading exactly {@code size} raw octets (RFC 3030 §2: no dot-stuffing, no terminator), then back
     * to command mode. Called as soon as the BDAT line is parsed, so pipelined chunk octets are never read as
     * commands, whatever the reply to BDAT will be.
     */
    public void beginChunk(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative chunk size");
        }
        chunkRemaining = size;
    }

    /**
     * Drops everything received but not yet processed and returns how many octets that was. STARTTLS uses it: bytes
     * that arrived before the TLS handshake must not be read as if they had come over TLS (CVE-2011-0411).
     */
    public int discardBuffered() {
        int dropped = end - start;
        dropBuffered();
        discardingLongLine = false;
        return dropped;
    }

    /** Switches to reading message content; called after the 354 reply. */
    public void beginData() {
        dataMode = true;
        // RFC 5321 §4.1.1.4: the content starts at a line beginning, so "." right away ends an empty message.
        dataState = DataState.LINE_START;
        defect = Inbound.DataDefect.NONE;
        dataEndPending = false;
    }

    /** The next event, or null when more bytes are needed. */
    public Inbound next() {
        if (chunkRemaining >= 0) {
            return nextChunk();
        }
        return dataMode ? nextData() : nextCommand();
    }

    private Inbound nextChunk() {
        if (chunkRemaining == 0) {
            chunkRemaining = -1;
            return new Inbound.ChunkEnd();
        }
        int available = (int) Math.min(chunkRemaining, end - start);
        if (available == 0) {
            return null;
        }
        byte[] bytes = Arrays.copyOfRange(buf, start, start + available);
        start += available;
        scanFrom = start;
        chunkRemaining -= available;
        return new Inbound.DataBytes(bytes);
    }

    private Inbound nextCommand() {
        while (true) {
            int lf = -1;
            for (int i = Math.max(scanFrom, start); i < end; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            if (lf < 0) {
                scanFrom = end;
                int pending = end - start;
                if (pending > 0 && buf[end - 1] == '\r') {
                    pending--;
                }
                if (discardingLongLine) {
                    dropBuffered();
                    return null;
                }
                if (pending > maxLineLength - 2) {
                    discardingLongLine = true;
                    dropBuffered();
                    return new Inbound.LineTooLong();
                }
                return null;
            }
            int lineEnd = lf > start && buf[lf - 1] == '\r' ? lf - 1 : lf;
            int lineStart = start;
            start = lf + 1;
            scanFrom = start;
            if (discardingLongLine) {
                discardingLongLine = false;
                continue;
            }
            if (lineEnd - lineStart > maxLineLength - 2) {
                return new Inbound.LineTooLong();
            }
            // A bare LF ends a command line too: commands are short and unambiguous, and tolerating it costs
            // nothing because the DATA reader (the only place where smuggling matters) insists on CRLF.
            return new Inbound.CommandLine(Arrays.copyOfRange(buf, lineStart, lineEnd));
        }
    }

    private void dropBuffered() {
        start = end;
        scanFrom = end;
    }

    private Inbound nextData() {
        if (dataEndPending) {
            dataEndPending = false;
            dataMode = false;
            return new Inbound.DataEnd(defect);
        }
        if (start == end) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 2);
        int i = start;
        boolean ended = false;
        while (i < end && !ended) {
            byte b = buf[i++];
            switch (dataState) {
                case LINE_START -> {
                    if (b == '.') {
                        dataState = DataState.DOT;
                    } else {
                        inLine(b, out);
                    }
                }
                case IN_LINE -> inLine(b, out);
                case CR -> {
                    if (b == '\n') {
                        emit(out, '\r');
                        emit(out, '\n');
                        dataState = DataState.LINE_START;
                    } else {
                        markDefect(Inbound.DataDefect.BARE_CR);
                        // re-read this byte as ordinary content: a lone CR never starts a new line, so "\r.\r"
                        // cannot act as a terminator
                        inLine(b, out);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        dataState = DataState.DOT_CR;
                    } else {
                        // RFC 5321 §4.5.2: the leading dot of a line is removed (transparency)
                        inLine(b, out);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        ended = true;
                    } else {
                        markDefect(Inbound.DataDefect.BARE_CR);
                        inLine(b, out);
                    }
                }
            }
        }
        start = i;
        scanFrom = start;
        if (ended) {
            dataEndPending = true;
        }
        if (out.size() > 0) {
            return new Inbound.DataBytes(out.toByteArray());
        }
        return ended ? nextData() : null;
    }

    private void inLine(byte b, ByteArrayOutputStream out) {
        if (b == '\r') {
            dataState = DataState.CR;
        } else if (b == '\n') {
            // RFC 5321 §2.3.8 bare LF: the line does not end here, so "\n.\n" and "\n.\r\n" never end DATA
            markDefect(Inbound.DataDefect.BARE_LF);
            dataState = DataState.IN_LINE;
        } else {
            emit(out, b);
            dataState = DataState.IN_LINE;
        }
    }

    private void emit(ByteArrayOutputStream out, int b) {
        if (defect == Inbound.DataDefect.NONE) {
            out.write(b);
        }
    }

    private void markDefect(Inbound.DataDefect found) {
        if (defect == Inbound.DataDefect.NONE) {
            defect = found;
        }
    }
}
