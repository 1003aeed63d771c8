/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import java.util.Optional;

/** The xtext encoding of RFC 3461 §4 (ENVID, ORCPT, MAIL AUTH=). */
public final class Xtext {
    private Xtext() {
    }

    /**
     * xtext = *( xchar / hexchar ); xchar is "!" to "~" except "+" and "="; hexchar is "+" and two upper-case hex
     * digits. Empty when the text is not valid xtext.
     */
    public static Optional<String> decode(String xtext) {
        StringBuilder out = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    return Optional.empty();
                }
                int hi = hex(xtext.charAt(i + 1));
                int lo = hex(xtext.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else if (c >= '!' && c <= '~' && c != '=') {
                out.append(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
