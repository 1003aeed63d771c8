package dev.mailplatform.imap.config;

/**
 * One listening socket: the IMAP port offering STARTTLS (RFC 9051 §6.2.1) or the IMAPS port with implicit TLS
 * (RFC 8314 §3.3).
 */
public record ImapListener(String name, String host, int port, Security security) {
    public enum Security {
        /** Plain TCP, no TLS offered (only when no certificate can be had). */
        NONE,
        /** Plain TCP until the client sends STARTTLS. */
        STARTTLS,
        /** TLS from the first octet. */
        IMPLICIT_TLS
    }

    public static ImapListener plain(ImapConfig config) {
        return new ImapListener("imap", config.host(), config.port(), Security.STARTTLS);
    }

    public static ImapListener implicitTls(ImapConfig config) {
        return new ImapListener("imaps", config.host(), config.tlsPort(), Security.IMPLICIT_TLS);
    }
}
