/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslTest {
    @Test
    void plainWithAndWithoutAuthorizationIdentity() {
        // RFC 4616 §4 examples
        assertThat(Sasl.plain(b64("\0tim\0tanstaaftanstaaf")))
                .isEqualTo(new Sasl.Credentials("", "tim", "tanstaaftanstaaf"));
        assertThat(Sasl.plain(b64("Ursel\0Kurt\0xipj3plmq")))
                .isEqualTo(new Sasl.Credentials("Ursel", "Kurt", "xipj3plmq"));
        assertThat(Sasl.plain(b64("\0bob@example.org\0pass with spaces ünicode")).password())
                .isEqualTo("pass with spaces ünicode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob\0secret", "\0\0secret", "\0bob\0", "a\0b\0c\0d", ""})
    void malformedPlainIsRejected(String message) {
        assertThatThrownBy(() -> Sasl.plain(b64(message))).isInstanceOf(Pop3ProtocolException.class)
                .hasMessage("-ERR malformed PLAIN response");
    }

    @Test
    void invalidBase64IsRejectedAndEqualsSignIsEmpty() {
        assertThatThrownBy(() -> Sasl.text("not base64!")).isInstanceOf(Pop3ProtocolException.class)
                .hasMessage("-ERR invalid base64 in SASL response");
        assertThat(Sasl.text("=")).isEmpty();
        assertThat(Sasl.text(Sasl.LOGIN_USERNAME_CHALLENGE)).isEqualTo("Username:");
        assertThat(Sasl.text(Sasl.LOGIN_PASSWORD_CHALLENGE)).isEqualTo("Password:");
    }

    @Test
    void credentialsDoNotPrintThePassword() {
        assertThat(new Sasl.Credentials("", "bob", "hunter2").toString()).doesNotContain("hunter2");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
