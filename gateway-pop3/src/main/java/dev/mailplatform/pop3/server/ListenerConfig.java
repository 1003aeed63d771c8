/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

/**
 * One socket the gateway listens on. Only {@link Tls#NONE} exists today; STLS (RFC 2595 §4) and implicit TLS on 995
 * (RFC 8314 §3.3) become new values here plus key material, without touching the session code, which only asks
 * {@code isSecure()}.
 */
public record ListenerConfig(String name, String host, int port, Tls tls) {
    public enum Tls {
        NONE
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
