/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A single-line POP3 status response: {@code +OK} or {@code -ERR}, an optional RFC 2449 §8 response code in
 * brackets, and text. Multi-line bodies are written separately (see {@link MultilineWriter}).
 */
public record Pop3Response(boolean ok, String code, String text) {

    /** RFC 2449 §8.1.1: the mailbox is locked by another session. */
    public static final String CODE_IN_USE = "IN-USE";
    /** RFC 3206 §4: the failure is temporary (service unavailable); retrying later may work. */
    public static final String CODE_SYS_TEMP = "SYS/TEMP";
    /** RFC 3206 §4: a permanent system failure. */
    public static final String CODE_SYS_PERM = "SYS/PERM";
    /** RFC 3206 §5: the failure is due to the credentials. */
    public static final String CODE_AUTH = "AUTH";
    /** RFC 2449 §8.1.2: the login came sooner than the advertised LOGIN-DELAY allows. */
    public static final String CODE_LOGIN_DELAY = "LOGIN-DELAY";

    public Pop3Response {
        if (text == null) {
            text = "";
        }
        // a status line must stay one line whatever text a caller puts in it
        text = text.replace('\r', ' ').replace('\n', ' ');
    }

    public static Pop3Response ok(String text) {
        return new Pop3Response(true, null, text);
    }

    public static Pop3Response err(String text) {
        return new Pop3Response(false, null, text);
    }

    public static Pop3Response err(String code, String text) {
        return new Pop3Response(false, code, text);
    }

    /** RFC 5034 §4: a server challenge, "+" SP base64 CRLF ("+ " alone for an empty challenge). */
    public static byte[] continuation(String base64) {
        return ("+ " + base64 + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(ok ? "+OK" : "-ERR");
        if (code != null) {
            sb.append(" [").append(code).append(']');
        }
        if (!text.isEmpty()) {
            sb.append(' ').append(text);
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8).trim();
    }
}
