package dev.mailplatform.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyParserTest {
    private record Fixture(String input, List<SmtpReply> expected) {
    }

    /** RFC 5321 §4.2 and §4.3.1 replies, RFC 2034 enhanced codes, RFC 5321 D.1 EHLO. */
    private static final List<Fixture> VALID = List.of(
            new Fixture("220 foo.com Simple Mail Transfer Service Ready\r\n",
                    List.of(SmtpReply.of(220, List.of("foo.com Simple Mail Transfer Service Ready")))),
            new Fixture("250-foo.com greets bar.com\r\n250-8BITMIME\r\n250-SIZE\r\n250-DSN\r\n250 HELP\r\n",
                    List.of(SmtpReply.of(250, List.of("foo.com greets bar.com", "8BITMIME", "SIZE", "DSN", "HELP")))),
            new Fixture("550 5.1.1 <x@y> no such user\r\n",
                    List.of(new SmtpReply(550, "5.1.1", List.of("5.1.1 <x@y> no such user")))),
            new Fixture("451 4.7.1 greylisted\r\n250 2.1.5 ok\r\n354 go\r\n",
                    List.of(SmtpReply.of(451, List.of("4.7.1 greylisted")), SmtpReply.of(250, List.of("2.1.5 ok")),
                            SmtpReply.of(354, List.of("go")))),
            // RFC 5321 §4.2: the text is optional
            new Fixture("250\r\n", List.of(SmtpReply.of(250, List.of("")))),
            // tolerated: bare LF
            new Fixture("221 bye\n", List.of(SmtpReply.of(221, List.of("bye")))));

    @Test
    void parsesTheFixtures() {
        for (Fixture f : VALID) {
            SmtpReplyParser parser = new SmtpReplyParser(1000);
            assertThat(parser.feed(f.input().getBytes(StandardCharsets.US_ASCII))).as(f.input())
                    .isEqualTo(f.expected());
            assertThat(parser.midReply()).isFalse();
        }
    }

    @Test
    void sameRepliesWhateverTheChunkSize() {
        ByteArrayOutputStream corpus = new ByteArrayOutputStream();
        List<SmtpReply> expected = new ArrayList<>();
        for (Fixture f : VALID) {
            corpus.writeBytes(f.input().getBytes(StandardCharsets.US_ASCII));
            expected.addAll(f.expected());
        }
        byte[] all = corpus.toByteArray();
        for (int chunk = 1; chunk <= 512; chunk *= 2) {
            SmtpReplyParser parser = new SmtpReplyParser(1000);
            List<SmtpReply> got = new ArrayList<>();
            for (int i = 0; i < all.length; i += chunk) {
                got.addAll(parser.feed(all, i, Math.min(chunk, all.length - i)));
            }
            assertThat(got).as("chunk size %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void enhancedCodeMustMatchTheReplyClass() {
        SmtpReply reply = new SmtpReplyParser(100).feed("250 5.1.1 odd\r\n".getBytes()).get(0);
        assertThat(reply.enhanced()).isNull();
        assertThat(reply.status()).isEqualTo("2.0.0");
        assertThat(SmtpReply.of(421, List.of("busy")).status()).isEqualTo("4.0.0");
    }

    @Test
    void rejectsMalformedReplies() {
        List<String> bad = List.of("hello\r\n", "25\r\n", "2500 x\r\n", "250x\r\n", "999 x\r\n", "099 x\r\n",
                "250-a\r\n251 b\r\n");
        for (String input : bad) {
            SmtpReplyParser parser = new SmtpReplyParser(100);
            assertThatThrownBy(() -> parser.feed(input.getBytes())).as(input)
                    .isInstanceOf(SmtpProtocolException.class);
        }
    }

    @Test
    void rejectsALineLongerThanTheLimitBeforeItEnds() {
        SmtpReplyParser parser = new SmtpReplyParser(16);
        assertThatThrownBy(() -> parser.feed("250 0123456789abcdefgh".getBytes()))
                .isInstanceOf(SmtpProtocolException.class).hasMessageContaining("longer than 16");
    }

    @Test
    void capabilitiesFromEhlo() {
        SmtpReply ehlo = new SmtpReplyParser(1000).feed(
                "250-mx greets\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-starttls\r\n250 SMTPUTF8\r\n".getBytes())
                .get(0);
        EhloCapabilities caps = EhloCapabilities.parse(ehlo);
        assertThat(caps.has("PIPELINING")).isTrue();
        assertThat(caps.has("STARTTLS")).isTrue();
        assertThat(caps.has("SMTPUTF8")).isTrue();
        assertThat(caps.has("8BITMIME")).isFalse();
        assertThat(caps.sizeLimit()).isEqualTo(1000);
        assertThat(EhloCapabilities.NONE.sizeLimit()).isEqualTo(-1);
    }
}
