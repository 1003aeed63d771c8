package dev.mailplatform.imap.config;

/**
 * One listening socket. Only plaintext exists today; STARTTLS on 143 and implicit TLS on 993 will add listeners
 * with their {@link Security} mode.
 */
public record ImapListener(String name, String host, int port, Security security) {
    public enum Security {
        NONE, STARTTLS, IMPLICIT_TLS
    }

    public static ImapListener plain(ImapConfig config) {
        return new ImapListener("imap", config.host(), config.port(), Security.NONE);
    }
}
