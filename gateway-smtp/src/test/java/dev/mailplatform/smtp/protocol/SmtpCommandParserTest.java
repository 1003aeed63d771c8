/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.RcptParams;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpCommandParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("EHLO bar.com", new SmtpCommand.Ehlo("bar.com")),
                Arguments.of("ehlo [192.0.2.1]", new SmtpCommand.Ehlo("[192.0.2.1]")),
                Arguments.of("HELO relay.example.org", new SmtpCommand.Helo("relay.example.org")),
                Arguments.of("MAIL FROM:<Smith@bar.com>", mail(path("Smith", "bar.com"), MailParams.NONE)),
                Arguments.of("mail from:<smith@bar.com>", mail(path("smith", "bar.com"), MailParams.NONE)),
                Arguments.of("MAIL FROM:<>", new SmtpCommand.MailFrom(Optional.empty(), MailParams.NONE)),
                Arguments.of("MAIL FROM: <a@b.example>", mail(path("a", "b.example"), MailParams.NONE)),
                Arguments.of("MAIL FROM:<a@b.example> SIZE=1000 BODY=8BITMIME", mail(path("a", "b.example"),
                        new MailParams(OptionalLong.of(1000), MailParams.Body.EIGHT_BIT_MIME))),
                Arguments.of("MAIL FROM:<a@b.example> body=7bit", mail(path("a", "b.example"),
                        new MailParams(OptionalLong.empty(), MailParams.Body.SEVEN_BIT))),
                Arguments.of("MAIL FROM:<\"John Q. Public\"@example.com>",
                        mail(path("\"John Q. Public\"", "example.com"), MailParams.NONE)),
                Arguments.of("MAIL FROM:<@hosta.int,@jkl.org:userc@d.bar.org>",
                        mail(path("userc", "d.bar.org"), MailParams.NONE)),
                Arguments.of("RCPT TO:<Jones@XYZ.COM>", new SmtpCommand.RcptTo(path("Jones", "XYZ.COM"))),
                Arguments.of("RCPT TO:<user+tag@[IPv6:2001:db8::1]>",
                        new SmtpCommand.RcptTo(path("user+tag", "[IPv6:2001:db8::1]"))),
                Arguments.of("RCPT TO:<Postmaster>", new SmtpCommand.RcptTo(new MailPath("Postmaster", null))),
                Arguments.of("DATA", new SmtpCommand.Data()),
                Arguments.of("data", new SmtpCommand.Data()),
                Arguments.of("RSET", new SmtpCommand.Rset()),
                Arguments.of("NOOP", new SmtpCommand.Noop()),
                Arguments.of("NOOP anything at all", new SmtpCommand.Noop()),
                Arguments.of("QUIT", new SmtpCommand.Quit()),
                Arguments.of("VRFY Smith", new SmtpCommand.Vrfy("Smith")),
                Arguments.of("HELP", new SmtpCommand.Help("")),
                Arguments.of("HELP MAIL", new SmtpCommand.Help("MAIL")),
                // RFC 6531 §3.4, RFC 3030 §3, RFC 3461 §4.3-4.4 (ENVID xtext-decoded), RFC 4954 §5
                Arguments.of("MAIL FROM:<a@b.example> SMTPUTF8", mail(path("a", "b.example"),
                        new MailParams(OptionalLong.empty(), MailParams.Body.SEVEN_BIT, true, Optional.empty(),
                                Optional.empty()))),
                Arguments.of("MAIL FROM:<a@b.example> BODY=BINARYMIME", mail(path("a", "b.example"),
                        new MailParams(OptionalLong.empty(), MailParams.Body.BINARY_MIME))),
                Arguments.of("MAIL FROM:<a@b.example> RET=hdrs ENVID=QQ314159+2Bx", mail(path("a", "b.example"),
                        new MailParams(OptionalLong.empty(), MailParams.Body.SEVEN_BIT, false, Optional.of("HDRS"),
                                Optional.of("QQ314159+x")))),
                Arguments.of("MAIL FROM:<a@b.example> AUTH=<>", mail(path("a", "b.example"), MailParams.NONE)),
                // RFC 3461 §4.1-4.2: NOTIFY list, ORCPT kept as given
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=SUCCESS,failure ORCPT=rfc822;a+40b.c",
                        new SmtpCommand.RcptTo(path("a", "b.c"), new RcptParams(Set.of("SUCCESS", "FAILURE"),
                                Optional.of("rfc822;a+40b.c")))),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=NEVER",
                        new SmtpCommand.RcptTo(path("a", "b.c"), new RcptParams(Set.of("NEVER"), Optional.empty()))),
                // RFC 3030 §2
                Arguments.of("BDAT 1000", new SmtpCommand.Bdat(1000, false)),
                Arguments.of("BDAT 0 LAST", new SmtpCommand.Bdat(0, true)),
                Arguments.of("bdat 5 last", new SmtpCommand.Bdat(5, true)),
                // RFC 3207 §4, RFC 4954 §4
                Arguments.of("STARTTLS", new SmtpCommand.StartTls()),
                Arguments.of("AUTH PLAIN", new SmtpCommand.Auth("PLAIN", Optional.empty())),
                Arguments.of("auth login dXNlcg==", new SmtpCommand.Auth("LOGIN", Optional.of("dXNlcg=="))),
                Arguments.of("AUTH PLAIN =", new SmtpCommand.Auth("PLAIN", Optional.of("="))));
    }

    /** RFC 6531 §3.3: UTF-8 addresses, valid only as well-formed UTF-8 and only with SMTPUTF8 on MAIL. */
    static Stream<Arguments> utf8() {
        return Stream.of(
                Arguments.of("MAIL FROM:<j\u00f6rg@b\u00fccher.example> SMTPUTF8",
                        mail(path("j\u00f6rg", "b\u00fccher.example"),
                                new MailParams(OptionalLong.empty(), MailParams.Body.SEVEN_BIT, true,
                                        Optional.empty(), Optional.empty()))),
                Arguments.of("RCPT TO:<\u00fc@b.c>",
                        new SmtpCommand.RcptTo(path("\u00fc", "b.c"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf8")
    void parsesUtf8(String line, SmtpCommand expected) {
        assertThat(SmtpCommandParser.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void refusesUtf8SenderWithoutSmtputf8AndMalformedUtf8() {
        assertThatThrownBy(() -> SmtpCommandParser.parse("MAIL FROM:<j\u00f6rg@b.c>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.reply().toString()).startsWith("553 5.6.7"));
        byte[] overlong = {'M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', (byte) 0xC0, (byte) 0xAF, '@', 'b',
                '.', 'c', '>'};
        assertThatThrownBy(() -> SmtpCommandParser.parse(overlong))
                .isInstanceOfSatisfying(SmtpProtocolException.class,
                        e -> assertThat(e.reply().toString()).startsWith("500 5.5.2"));
        assertThat(new SmtpCommand.Auth("PLAIN", Optional.of("c2VjcmV0")).toString()).doesNotContain("c2VjcmV0");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("FOO bar", 500, "5.5.1"),
                Arguments.of("", 500, "5.5.1"),
                Arguments.of("MAILFROM:<a@b.c>", 500, "5.5.1"),
                Arguments.of("NO\0OP", 500, "5.5.2"),
                Arguments.of("RCPT TO:<a\0@b.c>", 500, "5.5.2"),
                Arguments.of("EHLO", 501, "5.5.4"),
                Arguments.of("HELO ", 501, "5.5.4"),
                Arguments.of("MAIL <a@b.c>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:a@b.c", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a..b@c.d>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@-c.d>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@c..d>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c>junk", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> SIZE=abc", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> SIZE=", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> SIZE=1 SIZE=2", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> BODY=BINARY", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> SMTPUTF8=yes", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> RET=ALL", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> ENVID=a=b", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> ENVID=a+2", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> ENVID=" + "x".repeat(101), 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> FOO=1", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<" + "l".repeat(65) + "@b.c>", 501, "5.5.4"),
                // ISO-8859-1 o-umlaut is a lone 8-bit octet: not UTF-8
                Arguments.of("MAIL FROM:<j\u00f6rg@b.c>", 500, "5.5.2"),
                Arguments.of("RCPT TO:<>", 501, "5.5.4"),
                Arguments.of("RCPT TO:<user>", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=NEVER,SUCCESS", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=SOMETIMES", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> ORCPT=a@b.c", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> ORCPT=rfc822;a+4", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> XYZ=1", 555, "5.5.4"),
                Arguments.of("BDAT", 501, "5.5.4"),
                Arguments.of("BDAT -1", 501, "5.5.4"),
                Arguments.of("BDAT 10 NOW", 501, "5.5.4"),
                Arguments.of("BDAT 12345678901234567890", 501, "5.5.4"),
                Arguments.of("STARTTLS now", 501, "5.5.4"),
                Arguments.of("AUTH", 501, "5.5.4"),
                Arguments.of("AUTH PL@IN", 501, "5.5.4"),
                Arguments.of("AUTH PLAIN a b", 501, "5.5.4"),
                Arguments.of("RCPT <a@b.c>", 501, "5.5.4"),
                Arguments.of("DATA now", 501, "5.5.4"),
                Arguments.of("QUIT please", 501, "5.5.4"),
                Arguments.of("VRFY", 501, "5.5.4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parses(String line, SmtpCommand expected) {
        assertThat(SmtpCommandParser.parse(line.getBytes(ISO_8859_1))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithTheExactReply(String line, int code, String enhanced) {
        assertThatThrownBy(() -> SmtpCommandParser.parse(line.getBytes(ISO_8859_1)))
                .isInstanceOfSatisfying(SmtpProtocolException.class, e -> {
                    assertThat(e.reply().code()).isEqualTo(code);
                    assertThat(e.reply().enhanced()).isEqualTo(enhanced);
                });
    }

    private static MailPath path(String local, String domain) {
        return new MailPath(local, domain);
    }

    private static SmtpCommand.MailFrom mail(MailPath path, MailParams params) {
        return new SmtpCommand.MailFrom(Optional.of(path), params);
    }
}
