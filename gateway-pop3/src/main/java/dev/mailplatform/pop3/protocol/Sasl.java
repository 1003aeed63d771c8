/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decoding of the SASL messages of the two mechanisms offered, PLAIN (RFC 4616) and LOGIN
 * (draft-murchison-sasl-login), as carried by POP3 AUTH (RFC 5034 §4). Pure; every malformed input becomes a
 * {@link Pop3ProtocolException} with the reply RFC 5034 asks for.
 */
public final class Sasl {
    public static final String PLAIN = "PLAIN";
    public static final String LOGIN = "LOGIN";
    /** base64 of "Username:" and "Password:", the challenges every LOGIN client expects. */
    public static final String LOGIN_USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    public static final String LOGIN_PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";
    /** RFC 5034 §4: a client response of "*" cancels the exchange. */
    public static final String CANCEL = "*";

    /** Who logs in with which password; {@code authorizationId} is empty unless the client asked to act as another. */
    public record Credentials(String authorizationId, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + " ***]";
        }
    }

    private Sasl() {
    }

    /** RFC 4616 §2: [authzid] NUL authcid NUL passwd, UTF-8. */
    public static Credentials plain(String base64) {
        String message = text(base64);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw new Pop3ProtocolException("malformed PLAIN response");
        }
        String username = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (username.isEmpty() || password.isEmpty()) {
            throw new Pop3ProtocolException("malformed PLAIN response");
        }
        return new Credentials(message.substring(0, first), username, password);
    }

    /**
     * A client response decoded as UTF-8 text. RFC 5034 §4: "=" is an empty initial response; anything that is not
     * valid base64 is answered -ERR and ends the exchange.
     */
    public static String text(String base64) {
        if (base64.equals("=")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Pop3ProtocolException("invalid base64 in SASL response");
        }
    }
}
