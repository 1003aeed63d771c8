package dev.mailplatform.imap.protocol;

import dev.mailplatform.imap.error.ProtocolException;

/** What {@link ImapReceiver#next()} found in the bytes fed so far. */
public sealed interface ReceiverEvent {
    /** All buffered bytes are consumed; feed more. */
    record NeedsMoreData() implements ReceiverEvent {
    }

    /** A synchronising literal of {@code size} octets was accepted: the session must send a continuation request. */
    record LiteralAccepted(long size) implements ReceiverEvent {
    }

    /** The raw line asked for with {@link ImapReceiver#expectContinuationLine()}, without its line end. */
    record Line(String text) implements ReceiverEvent {
    }

    record Complete(Request request) implements ReceiverEvent {
    }

    /** The input was refused; the receiver has already reset (or will discard the rest of the line). */
    record Rejected(ProtocolException error) implements ReceiverEvent {
    }

    NeedsMoreData NEEDS_MORE_DATA = new NeedsMoreData();
}
