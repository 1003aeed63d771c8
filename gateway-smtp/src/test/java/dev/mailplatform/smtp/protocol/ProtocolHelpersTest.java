/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SASL decoding (RFC 4616, LOGIN), xtext (RFC 3461 §4) and the BDAT line-ending check. */
class ProtocolHelpersTest {

    @Test
    void decodesPlainWithAndWithoutAuthorizationId() {
        assertThat(Sasl.plain(b64("\0alice@x.example\0s3cret")))
                .isEqualTo(new Sasl.Credentials("", "alice@x.example", "s3cret"));
        assertThat(Sasl.plain(b64("alice@x.example\0alice@x.example\0p\u00e4ss")))
                .isEqualTo(new Sasl.Credentials("alice@x.example", "alice@x.example", "p\u00e4ss"));
        assertThat(new Sasl.Credentials("", "u", "secret").toString()).doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource({"not-base64!", "=", "YWxpY2U=", "AGFsaWNl", "AGFsaWNlAA==", "AABwYXNz", "AGEAYgBj"})
    void refusesMalformedPlainResponses(String response) {
        assertThatThrownBy(() -> Sasl.plain(response)).isInstanceOfSatisfying(SmtpProtocolException.class,
                e -> assertThat(e.reply().toString()).startsWith("501 5.5.2"));
    }

    @Test
    void decodesLoginFieldsAndRecognisesCancel() {
        assertThat(Sasl.loginField(b64("alice"))).isEqualTo("alice");
        assertThatThrownBy(() -> Sasl.loginField("=")).isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> Sasl.loginField("%%%")).isInstanceOf(SmtpProtocolException.class);
        assertThatThrownBy(() -> Sasl.loginField("A".repeat(5000))).isInstanceOf(SmtpProtocolException.class);
        assertThat(Sasl.isCancel("*")).isTrue();
        assertThat(Sasl.isCancel("Kg==")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"QQ314159, QQ314159", "a+2Bb, a+b", "+3D, =", "rfc822;a+40b.c, rfc822;a@b.c"})
    void decodesXtext(String xtext, String expected) {
        assertThat(Xtext.decode(xtext)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"a=b", "a+2", "a+2b", "a+G0", "'a b'"})
    void refusesInvalidXtext(String xtext) {
        assertThat(Xtext.decode(xtext)).isEqualTo(Optional.empty());
    }

    @Test
    void lineEndingCheckFindsBareCrAndLfAcrossChunkBoundaries() {
        assertThat(check("a\r\nb\r\n", 1)).isEqualTo(Inbound.DataDefect.NONE);
        assertThat(check("a\r\nb\r\n", 3)).isEqualTo(Inbound.DataDefect.NONE);
        assertThat(check("a\n.\r\n", 2)).isEqualTo(Inbound.DataDefect.BARE_LF);
        assertThat(check("a\r.\r\n", 1)).isEqualTo(Inbound.DataDefect.BARE_CR);
        assertThat(check("a\r\r\n", 1)).isEqualTo(Inbound.DataDefect.BARE_CR);
        assertThat(check("ends in CR\r", 4)).isEqualTo(Inbound.DataDefect.BARE_CR);
    }

    private static Inbound.DataDefect check(String content, int chunk) {
        LineEndingCheck check = new LineEndingCheck();
        byte[] bytes = content.getBytes(ISO_8859_1);
        for (int i = 0; i < bytes.length; i += chunk) {
            check.update(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
        return check.result();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
