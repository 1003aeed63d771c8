package dev.mailplatform.imap.error;

/**
 * A command failed in a way the client must be told about. The session turns it into exactly one reply line
 * (tagged NO/BAD, or untagged BYE) and, when {@link #disconnect()} is set, closes the connection afterwards.
 */
public final class ProtocolException extends RuntimeException {
    public enum Kind {
        /** RFC 9051 §7.1.2: operational error, the command was understood. */
        NO,
        /** RFC 9051 §7.1.3: protocol-level error (syntax, state, limits). */
        BAD,
        /** RFC 9051 §7.1.5: the server is closing the connection. */
        BYE
    }

    private final Kind kind;
    private final String tag;
    private final String code;
    private final boolean disconnect;

    public ProtocolException(Kind kind, String tag, String code, String text, boolean disconnect) {
        super(text, null, false, false);
        this.kind = kind;
        this.tag = tag;
        this.code = code;
        this.disconnect = disconnect || kind == Kind.BYE;
    }

    public static ProtocolException bad(String text) {
        return new ProtocolException(Kind.BAD, null, null, text, false);
    }

    public static ProtocolException no(String code, String text) {
        return new ProtocolException(Kind.NO, null, code, text, false);
    }

    public static ProtocolException bye(String text) {
        return new ProtocolException(Kind.BYE, null, null, text, true);
    }

    public ProtocolException withTag(String newTag) {
        return tag != null || newTag == null ? this : new ProtocolException(kind, newTag, code, getMessage(), disconnect);
    }

    public ProtocolException closing() {
        return disconnect ? this : new ProtocolException(kind, tag, code, getMessage(), true);
    }

    public Kind kind() {
        return kind;
    }

    /** The tag of the command this answers, or null when it is not known (then the reply is untagged). */
    public String tag() {
        return tag;
    }

    public String code() {
        return code;
    }

    public String text() {
        return getMessage();
    }

    public boolean disconnect() {
        return disconnect;
    }

    /** The reply line including CRLF. */
    public String toReply() {
        String prefix = kind == Kind.BYE || tag == null ? "*" : tag;
        return prefix + " " + kind.name() + (code == null ? "" : " [" + code + "]") + " " + getMessage() + "\r\n";
    }
}
