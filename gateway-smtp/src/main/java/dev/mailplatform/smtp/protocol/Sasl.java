/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decoding of the SASL responses SMTP AUTH carries (RFC 4954 §4): PLAIN (RFC 4616) and LOGIN. */
public final class Sasl {
    /** RFC 4616 §2: the message is at most 255 octets per field; 1024 leaves room for UTF-8 passwords. */
    private static final int MAX_RESPONSE = 1024;
    public static final String LOGIN_USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    public static final String LOGIN_PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private Sasl() {
    }

    /** Credentials of an AUTH exchange; {@code toString} never shows the password. */
    public record Credentials(String authorizationId, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "]";
        }
    }

    /** RFC 4954 §4: "*" cancels the exchange. */
    public static boolean isCancel(String response) {
        return "*".equals(response);
    }

    /** RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd. */
    public static Credentials plain(String base64) {
        String message = new String(decode(base64), StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw invalid("Invalid PLAIN response");
        }
        String username = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (username.isEmpty() || password.isEmpty()) {
            throw invalid("Invalid PLAIN response");
        }
        return new Credentials(message.substring(0, first), username, password);
    }

    /** One LOGIN response (user name or password), base64 of UTF-8 text. */
    public static String loginField(String base64) {
        String value = new String(decode(base64), StandardCharsets.UTF_8);
        if (value.isEmpty() || value.indexOf('\0') >= 0) {
            throw invalid("Invalid LOGIN response");
        }
        return value;
    }

    private static byte[] decode(String base64) {
        // RFC 4954 §4: "=" is an empty initial response
        if ("=".equals(base64)) {
            return new byte[0];
        }
        if (base64.length() > MAX_RESPONSE * 4 / 3 + 4) {
            throw invalid("Authentication response too long");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid base64 in authentication response");
        }
    }

    private static SmtpProtocolException invalid(String text) {
        return new SmtpProtocolException(SmtpReplies.C501_PARAM_SYNTAX, SmtpReplies.E5_5_2, text);
    }
}
