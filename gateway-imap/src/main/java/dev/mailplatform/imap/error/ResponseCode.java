package dev.mailplatform.imap.error;

/** IMAP response codes (the bracketed part of a status response) this server sends. */
public final class ResponseCode {
    /** RFC 7889 §4 / RFC 9051 §7.1: a literal or request exceeds the server's limit. */
    public static final String TOOBIG = "TOOBIG";
    /** RFC 5530 §3 / RFC 9051 §7.1: wrong credentials. */
    public static final String AUTHENTICATIONFAILED = "AUTHENTICATIONFAILED";
    /** RFC 5530 §3: a backend the command needs is temporarily unavailable. */
    public static final String UNAVAILABLE = "UNAVAILABLE";
    /** RFC 5530 §3: the mailbox does not exist. */
    public static final String NONEXISTENT = "NONEXISTENT";
    /** RFC 5530 §3: plaintext authentication refused on an unprotected connection. */
    public static final String PRIVACYREQUIRED = "PRIVACYREQUIRED";
    /** RFC 5530 §3: an internal error; the text carries a correlation id for the logs. */
    public static final String SERVERBUG = "SERVERBUG";
    /** RFC 9051 §7.1: mailbox opened by SELECT. */
    public static final String READ_WRITE = "READ-WRITE";
    /** RFC 9051 §7.1: mailbox opened by EXAMINE. */
    public static final String READ_ONLY = "READ-ONLY";
    /** RFC 5530 §3: resource limits (too many failed logins). */
    public static final String LIMIT = "LIMIT";

    /** RFC 5530 §3: the target mailbox exists. */
    public static final String ALREADYEXISTS = "ALREADYEXISTS";
    /** RFC 5530 §3: the operation cannot be done (e.g. deleting INBOX). */
    public static final String CANNOT = "CANNOT";
    /** RFC 9208 §4.3 / RFC 5530: the quota would be exceeded. */
    public static final String OVERQUOTA = "OVERQUOTA";
    /** RFC 9051 §7.1: the target mailbox of APPEND/COPY/MOVE does not exist but could be created. */
    public static final String TRYCREATE = "TRYCREATE";
    /** RFC 5530 §3: the client did something wrong that the protocol allows but is useless. */
    public static final String CLIENTBUG = "CLIENTBUG";
    /** RFC 5530 §3: an operation on a mailbox opened read-only. */
    public static final String NOPERM = "NOPERM";
    /** RFC 5530 §3: the mailbox is in use. */
    public static final String INUSE = "INUSE";
    /** RFC 7162 §3.1.3: CONDSTORE mailbox without mod-sequences. */
    public static final String NOMODSEQ = "NOMODSEQ";

    private ResponseCode() {
    }
}
