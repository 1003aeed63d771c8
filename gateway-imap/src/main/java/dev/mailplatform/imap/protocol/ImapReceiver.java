package dev.mailplatform.imap.protocol;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental IMAP command framer and tokenizer (RFC 9051 §2.2, §4; RFC 7888 LITERAL+).
 *
 * <p>Fed arbitrary chunks, it walks each byte exactly once through a small state machine, so a command split at any
 * point frames the same as the whole. Every limit is checked as the byte arrives, before anything is allocated for
 * it: a line longer than {@link ReceiverLimits#maxLineLength()} is refused and the rest of it discarded; a literal
 * announced larger than {@link ReceiverLimits#maxLiteralSize()} is refused before its first octet (the client of a
 * synchronising literal has not sent it yet, RFC 9051 §7.5). After a rejection the receiver starts over with the next
 * line so the connection survives. Not thread-safe: one per connection, used from its event loop.
 */
public final class ImapReceiver {
    private static final long MAX_LITERAL_DIGITS_VALUE = 4_294_967_295L; // RFC 9051 §9: number = uint32

    private enum State {
        TAG, NAME, ARGS, ATOM, QUOTED, QUOTED_ESCAPE, LITERAL_SIZE, LITERAL_PLUS, LITERAL_END, LITERAL_DATA,
        /** saw CR, the next byte must be LF */
        EXPECT_LF,
        /** skipping the rest of a rejected line */
        DISCARD_LINE,
        /** one raw line the session asked for: an AUTHENTICATE response or the DONE ending IDLE */
        CONTINUATION
    }

    private final ReceiverLimits limits;

    /** Small at first and again once drained: most connections sit idle, and memory per connection counts. */
    private static final int INITIAL_BUFFER = 256;
    private static final int KEEP_BUFFER = 8192;

    private byte[] input = new byte[INITIAL_BUFFER];
    private int readPos;
    private int writePos;

    private State state = State.TAG;
    private State stateBeforeCr;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(16);
    private String tag;
    private String name;
    private final List<Token> args = new ArrayList<>();
    private int lineLength;
    private int bracketDepth;
    private long literalSize;
    private int literalDigits;
    private boolean literalNonSync;
    private long literalRemaining;
    private long literalTotal;
    private ByteArrayOutputStream literalData;

    public ImapReceiver(ReceiverLimits limits) {
        this.limits = limits;
    }

    /** Appends bytes; they are consumed by subsequent {@link #next()} calls. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        if (readPos > 0 && readPos == writePos) {
            readPos = 0;
            writePos = 0;
        }
        if (readPos == writePos && input.length > KEEP_BUFFER && length <= INITIAL_BUFFER) {
            input = new byte[INITIAL_BUFFER]; // a burst (pipelining, a big literal) is over: give the memory back
        }
        if (writePos + length > input.length) {
            int live = writePos - readPos;
            byte[] target = live + length > input.length ? new byte[Math.max(input.length * 2, live + length)] : input;
            System.arraycopy(input, readPos, target, 0, live);
            input = target;
            readPos = 0;
            writePos = live;
        }
        System.arraycopy(bytes, offset, input, writePos, length);
        writePos += length;
    }

    /**
     * Makes the next line a raw {@link ReceiverEvent.Line} instead of a command: the client's answer to a
     * continuation request of AUTHENTICATE (RFC 9051 §6.2.2) or the DONE that ends IDLE (RFC 2177). The line length
     * limit still applies.
     */
    public void expectContinuationLine() {
        reset();
        state = State.CONTINUATION;
    }

    /** Drops octets fed but not consumed yet: after STARTTLS, plaintext sent before the handshake must not be
     * executed (RFC 9051 §6.2.1, the STARTTLS command injection attack). */
    public int discardBuffered() {
        int dropped = writePos - readPos;
        readPos = 0;
        writePos = 0;
        return dropped;
    }

    /** Octets fed but not consumed yet (pipelined input waiting for the current command to finish). */
    public int buffered() {
        return writePos - readPos;
    }

    /** Consumes buffered bytes until something happens; never re-reads a consumed byte. */
    public ReceiverEvent next() {
        while (readPos < writePos) {
            if (state == State.LITERAL_DATA) {
                int n = (int) Math.min(literalRemaining, writePos - readPos);
                literalData.write(input, readPos, n);
                readPos += n;
                literalRemaining -= n;
                if (literalRemaining == 0) {
                    finishLiteral();
                }
                continue;
            }
            byte b = input[readPos++];
            if (state != State.DISCARD_LINE && b != '\r' && b != '\n' && ++lineLength > limits.maxLineLength()) {
                state = State.DISCARD_LINE;
                return reject(ProtocolException.bad("Command line too long (limit " + limits.maxLineLength()
                        + " octets)"), false);
            }
            ReceiverEvent event = step(b);
            if (event != null) {
                return event;
            }
        }
        return ReceiverEvent.NEEDS_MORE_DATA;
    }

    private ReceiverEvent step(byte b) {
        switch (state) {
            case TAG:
                if (b == ' ') {
                    if (current.size() == 0) {
                        return rejectLine(b, "Missing tag");
                    }
                    tag = takeCurrent();
                    state = State.NAME;
                } else if (b == '\r' || b == '\n') {
                    return lineBreak(b);
                } else if (isTagChar(b)) {
                    current.write(b);
                } else {
                    return rejectLine(b, "Invalid character in tag");
                }
                return null;
            case NAME:
                if (b == ' ') {
                    if (current.size() == 0) {
                        return rejectLine(b, "Missing command");
                    }
                    name = takeCurrent();
                    state = State.ARGS;
                } else if (b == '\r' || b == '\n') {
                    return lineBreak(b);
                } else if (isAtomChar(b)) {
                    current.write(b);
                } else {
                    return rejectLine(b, "Invalid character in command name");
                }
                return null;
            case ARGS:
                switch (b) {
                    case ' ':
                        return null;
                    case '(':
                        args.add(Token.LIST_START);
                        return null;
                    case ')':
                        args.add(Token.LIST_END);
                        return null;
                    case '"':
                        state = State.QUOTED;
                        return null;
                    case '{':
                        literalSize = 0;
                        literalDigits = 0;
                        literalNonSync = false;
                        state = State.LITERAL_SIZE;
                        return null;
                    case '\r', '\n':
                        return lineBreak(b);
                    default:
                        if (isCtlOr8Bit(b)) {
                            return rejectLine(b, "Invalid character");
                        }
                        bracketDepth = 0;
                        state = State.ATOM;
                        return atomByte(b);
                }
            case ATOM:
                if (bracketDepth == 0 && (b == ' ' || b == '(' || b == ')' || b == '"')) {
                    args.add(new Token.Atom(takeCurrent()));
                    state = State.ARGS;
                    if (b != ' ') {
                        return step(b); // the special starts the next token
                    }
                    return null;
                }
                if (b == '\r' || b == '\n') {
                    args.add(new Token.Atom(takeCurrent()));
                    state = State.ARGS;
                    return lineBreak(b);
                }
                if (isCtlOr8Bit(b)) {
                    return rejectLine(b, "Invalid character in atom");
                }
                return atomByte(b);
            case QUOTED:
                if (b == '"') {
                    args.add(new Token.Quoted(takeCurrent()));
                    state = State.ARGS;
                } else if (b == '\\') {
                    state = State.QUOTED_ESCAPE;
                } else if (b == '\r' || b == '\n' || b == 0) {
                    return rejectLine(b, "Invalid character in quoted string");
                } else {
                    current.write(b); // RFC 9051 §4.3: UTF-8 is allowed in quoted strings
                }
                return null;
            case QUOTED_ESCAPE:
                if (b == '"' || b == '\\') {
                    current.write(b);
                    state = State.QUOTED;
                    return null;
                }
                return rejectLine(b, "Invalid escape in quoted string");
            case LITERAL_SIZE:
                if (b >= '0' && b <= '9') {
                    literalSize = literalSize * 10 + (b - '0');
                    if (++literalDigits > 10 || literalSize > MAX_LITERAL_DIGITS_VALUE) {
                        return rejectLine(b, "Invalid literal size");
                    }
                    return null;
                }
                if (literalDigits == 0) {
                    return rejectLine(b, "Invalid literal size");
                }
                if (b == '+') {
                    literalNonSync = true;
                    state = State.LITERAL_PLUS;
                    return null;
                }
                if (b == '}') {
                    state = State.LITERAL_END;
                    return null;
                }
                return rejectLine(b, "Invalid literal size");
            case LITERAL_PLUS:
                if (b == '}') {
                    state = State.LITERAL_END;
                    return null;
                }
                return rejectLine(b, "Invalid literal size");
            case LITERAL_END:
                if (b == '\r' || b == '\n') {
                    return lineBreak(b);
                }
                return rejectLine(b, "A literal must end the line");
            case EXPECT_LF:
                if (b == '\n') {
                    return endOfLine(stateBeforeCr);
                }
                return rejectLine(b, "CR not followed by LF");
            case DISCARD_LINE:
                if (b == '\n') {
                    reset();
                }
                return null;
            case CONTINUATION:
                if (b == '\r' || b == '\n') {
                    return lineBreak(b);
                }
                current.write(b);
                return null;
            default:
                throw new IllegalStateException("unexpected state " + state);
        }
    }

    private ReceiverEvent atomByte(byte b) {
        if (b == '[') {
            bracketDepth++;
        } else if (b == ']' && bracketDepth > 0) {
            bracketDepth--;
        }
        current.write(b);
        return null;
    }

    private ReceiverEvent lineBreak(byte b) {
        if (b == '\r') {
            stateBeforeCr = state;
            state = State.EXPECT_LF;
            return null;
        }
        // a bare LF is accepted as a line end: several widespread clients send it
        return endOfLine(state);
    }

    private ReceiverEvent endOfLine(State where) {
        switch (where) {
            case TAG:
                if (current.size() == 0) {
                    return reject(ProtocolException.bad("Empty command line"), true);
                }
                tag = takeCurrent();
                return reject(ProtocolException.bad("Missing command"), true);
            case NAME:
                if (current.size() == 0) {
                    return reject(ProtocolException.bad("Missing command"), true);
                }
                name = takeCurrent();
                return complete();
            case ARGS:
                return complete();
            case LITERAL_END:
                return literalAnnounced();
            case CONTINUATION: {
                String line = takeCurrent();
                reset();
                return new ReceiverEvent.Line(line);
            }
            default:
                throw new IllegalStateException("line end in state " + where);
        }
    }

    private ReceiverEvent literalAnnounced() {
        if (literalSize > limits.maxLiteralSize() || literalTotal + literalSize > limits.maxLiteralSize()) {
            String text = "Literal too big (limit " + limits.maxLiteralSize() + " octets)";
            if (literalNonSync) {
                // RFC 7888 §4: the octets are on their way and cannot be told apart from commands: refuse and close
                return reject(new ProtocolException(ProtocolException.Kind.BAD, null, ResponseCode.TOOBIG, text,
                        true), true);
            }
            // RFC 9051 §7.5: without a continuation request the client sends none of the literal's octets
            return reject(new ProtocolException(ProtocolException.Kind.NO, null, ResponseCode.TOOBIG, text, false),
                    true);
        }
        literalTotal += literalSize;
        literalRemaining = literalSize;
        literalData = new ByteArrayOutputStream((int) Math.min(literalSize, 8192));
        lineLength = 0;
        state = State.LITERAL_DATA;
        boolean sync = !literalNonSync;
        long size = literalSize;
        if (literalRemaining == 0) {
            finishLiteral();
        }
        return sync ? new ReceiverEvent.LiteralAccepted(size) : null;
    }

    private void finishLiteral() {
        args.add(new Token.Literal(literalData.toByteArray()));
        literalData = null;
        state = State.ARGS;
    }

    private ReceiverEvent complete() {
        Request request = new Request(tag, name.toUpperCase(java.util.Locale.ROOT), args);
        reset();
        return new ReceiverEvent.Complete(request);
    }

    /** Refuses the line at byte {@code b}; when b is the LF the line is over, else the rest is discarded. */
    private ReceiverEvent rejectLine(byte b, String text) {
        return reject(ProtocolException.bad(text), b == '\n');
    }

    private ReceiverEvent reject(ProtocolException error, boolean lineConsumed) {
        ProtocolException tagged = error.withTag(tag);
        if (lineConsumed) {
            reset();
        } else {
            String keep = tag;
            reset();
            tag = keep;
            state = State.DISCARD_LINE;
        }
        return new ReceiverEvent.Rejected(tagged);
    }

    private void reset() {
        state = State.TAG;
        current.reset();
        tag = null;
        name = null;
        args.clear();
        lineLength = 0;
        bracketDepth = 0;
        literalTotal = 0;
        literalData = null;
        literalRemaining = 0;
    }

    private String takeCurrent() {
        String s = current.toString(StandardCharsets.UTF_8);
        current.reset();
        return s;
    }

    /** RFC 9051 §9: tag = 1*&lt;any ASTRING-CHAR except "+"&gt;. */
    private static boolean isTagChar(byte b) {
        return (isAtomChar(b) || b == ']') && b != '+';
    }

    /** RFC 9051 §9: ATOM-CHAR = any CHAR except atom-specials. */
    private static boolean isAtomChar(byte b) {
        if (isCtlOr8Bit(b)) {
            return false;
        }
        return switch (b) {
            case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    private static boolean isCtlOr8Bit(byte b) {
        return b < 0x20 || b >= 0x7f; // signed byte: 8-bit values are negative
    }
}
