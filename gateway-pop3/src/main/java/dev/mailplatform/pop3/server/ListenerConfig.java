/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

/**
 * One socket the gateway listens on. The session code only asks {@code isSecure()}: true from the start on an
 * {@link Tls#IMPLICIT} listener (RFC 8314 §3.3, port 995), true after STLS on a {@link Tls#STARTTLS} one (RFC 2595 §4,
 * port 110).
 */
public record ListenerConfig(String name, String host, int port, Tls tls) {
    public enum Tls {
        STARTTLS, IMPLICIT
    }

    public ListenerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("mail.pop3 listener " + name + ": port out of range: " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("mail.pop3 listener " + name + ": host is empty");
        }
    }
}
