/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.smtp.protocol.command.MailParams;
import dev.mailplatform.smtp.protocol.command.MailPath;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import java.util.Optional;
import java.util.OptionalLong;
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
                Arguments.of("HELP MAIL", new SmtpCommand.Help("MAIL")));
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
                Arguments.of("MAIL FROM:<a@b.c> BODY=BINARYMIME", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<a@b.c> SMTPUTF8", 555, "5.5.4"),
                Arguments.of("MAIL FROM:<" + "l".repeat(65) + "@b.c>", 501, "5.5.4"),
                Arguments.of("MAIL FROM:<j\u00f6rg@b.c>", 501, "5.5.4"),
                Arguments.of("RCPT TO:<>", 501, "5.5.4"),
                Arguments.of("RCPT TO:<user>", 501, "5.5.4"),
                Arguments.of("RCPT TO:<a@b.c> NOTIFY=NEVER", 555, "5.5.4"),
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
