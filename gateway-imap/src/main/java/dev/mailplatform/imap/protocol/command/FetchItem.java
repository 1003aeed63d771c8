package dev.mailplatform.imap.protocol.command;

/** FETCH data items this server implements (RFC 9051 §6.4.5). Names are as they appear in the response. */
public enum FetchItem {
    UID("UID"),
    FLAGS("FLAGS"),
    INTERNALDATE("INTERNALDATE"),
    RFC822_SIZE("RFC822.SIZE"),
    /** BODY[]: the whole message; RFC 9051 §6.4.5 sets \Seen (not persisted yet: no flag API). */
    BODY("BODY[]"),
    /** BODY.PEEK[]: like BODY[], answered as BODY[], never sets \Seen. */
    BODY_PEEK("BODY[]"),
    /** RFC 3501 §6.4.5 RFC822: equivalent to BODY[], answered under its own name. */
    RFC822("RFC822");

    private final String responseName;

    FetchItem(String responseName) {
        this.responseName = responseName;
    }

    public String responseName() {
        return responseName;
    }

    public boolean isBody() {
        return this == BODY || this == BODY_PEEK || this == RFC822;
    }
}
