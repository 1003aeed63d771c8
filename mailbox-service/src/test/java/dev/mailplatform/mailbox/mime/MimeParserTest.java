package dev.mailplatform.mailbox.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.EnvelopeDto;
import dev.mailplatform.contracts.api.EnvelopeDto.AddressDto;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte-level MIME fixtures: structure, offsets, decoded words and parameters, and degraded input. */
class MimeParserTest {
    private final MimeParser parser = new MimeParser(MimeParser.Limits.DEFAULT);

    private static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String slice(byte[] raw, long from, long to) {
        return new String(raw, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    @Test
    void simpleTextMessage() {
        byte[] raw = crlf("""
                From: Alice Example <alice@example.org>
                To: bob@example.net, "Carol C." <carol@example.com>
                Subject: Hello there
                Date: Tue, 3 Feb 2026 10:11:12 +0100
                Message-ID: <m1@example.org>

                line one
                line two
                """);
        ParsedMessage m = parser.parse(raw);
        assertThat(m.status()).isEqualTo("ok");
        EnvelopeDto env = m.envelope();
        assertThat(env.subject()).isEqualTo("Hello there");
        assertThat(env.date()).isEqualTo("Tue, 3 Feb 2026 10:11:12 +0100");
        assertThat(env.messageId()).isEqualTo("<m1@example.org>");
        assertThat(env.from()).containsExactly(new AddressDto("Alice Example", null, "alice", "example.org"));
        // RFC 9051 §7.5.2: sender and reply-to default to from
        assertThat(env.sender()).isEqualTo(env.from());
        assertThat(env.replyTo()).isEqualTo(env.from());
        assertThat(env.to()).containsExactly(new AddressDto(null, null, "bob", "example.net"),
                new AddressDto("Carol C.", null, "carol", "example.com"));
        assertThat(env.cc()).isNull();
        BodyPartDto body = m.bodyStructure();
        assertThat(body.type()).isEqualTo("text");
        assertThat(body.subtype()).isEqualTo("plain");
        assertThat(body.params()).containsEntry("charset", "us-ascii");
        assertThat(body.lines()).isEqualTo(2);
        assertThat(body.headerStart()).isZero();
        assertThat(slice(raw, body.bodyStart(), body.bodyEnd())).isEqualTo("line one\r\nline two\r\n");
        assertThat(body.size()).isEqualTo(body.bodyEnd() - body.bodyStart());
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2026-02-03T09:11:12Z"));
        assertThat(m.sentDate()).isEqualTo(LocalDate.of(2026, 2, 3));
        assertThat(m.sortFrom()).isEqualTo("alice");
        assertThat(m.sortTo()).isEqualTo("bob");
        assertThat(m.bodyText()).contains("line two");
        assertThat(m.headerText()).contains("Subject: Hello there\n");
        assertThat(m.threadId()).isNotNull();
    }

    @Test
    void nestedMultipartWithOffsetsOfEveryPart() {
        byte[] raw = crlf("""
                From: a@example.org
                Subject: nested
                Content-Type: multipart/mixed; boundary="outer"

                preamble
                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain; charset=utf-8

                plain body
                --inner
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                <p>html =C3=A9t=C3=A9</p>
                --inner--
                --outer
                Content-Type: application/pdf; name="doc.pdf"
                Content-Disposition: attachment; filename="doc.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --outer--
                epilogue
                """);
        ParsedMessage m = parser.parse(raw);
        BodyPartDto root = m.bodyStructure();
        assertThat(root.type() + "/" + root.subtype()).isEqualTo("multipart/mixed");
        assertThat(root.parts()).hasSize(2);
        BodyPartDto alternative = root.parts().get(0);
        assertThat(alternative.subtype()).isEqualTo("alternative");
        assertThat(alternative.parts()).extracting(BodyPartDto::subtype).containsExactly("plain", "html");
        BodyPartDto plain = alternative.parts().get(0);
        // RFC 2046 §5.1.1: the CRLF before a boundary belongs to the boundary
        assertThat(slice(raw, plain.bodyStart(), plain.bodyEnd())).isEqualTo("plain body");
        assertThat(slice(raw, plain.headerStart(), plain.bodyStart()))
                .isEqualTo("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        assertThat(plain.lines()).isEqualTo(1);
        BodyPartDto html = alternative.parts().get(1);
        assertThat(html.encoding()).isEqualTo("quoted-printable");
        BodyPartDto pdf = root.parts().get(1);
        assertThat(pdf.type() + "/" + pdf.subtype()).isEqualTo("application/pdf");
        assertThat(pdf.params()).containsEntry("name", "doc.pdf");
        assertThat(pdf.disposition()).isEqualTo("attachment");
        assertThat(pdf.dispositionParams()).containsEntry("filename", "doc.pdf");
        assertThat(slice(raw, pdf.bodyStart(), pdf.bodyEnd())).isEqualTo("JVBERi0xLjQK");
        assertThat(pdf.lines()).isEqualTo(-1);
        // the decoded html text is searchable, tags stripped
        assertThat(m.bodyText()).contains("plain body").contains("html été");
        assertThat(m.bodyText()).doesNotContain("<p>");
    }

    @Test
    void messageRfc822PartHasItsOwnEnvelopeAndStructure() {
        byte[] raw = crlf("""
                From: fwd@example.org
                Subject: Fwd: inner
                Content-Type: multipart/mixed; boundary=b1

                --b1
                Content-Type: text/plain

                see attached
                --b1
                Content-Type: message/rfc822

                From: Inner Sender <inner@example.com>
                Subject: inner
                Message-ID: <inner@example.com>

                inner body
                --b1--
                """);
        ParsedMessage m = parser.parse(raw);
        BodyPartDto attached = m.bodyStructure().parts().get(1);
        assertThat(attached.type() + "/" + attached.subtype()).isEqualTo("message/rfc822");
        assertThat(attached.envelope().subject()).isEqualTo("inner");
        assertThat(attached.envelope().from()).containsExactly(
                new AddressDto("Inner Sender", null, "inner", "example.com"));
        assertThat(attached.parts()).hasSize(1);
        BodyPartDto inner = attached.parts().get(0);
        assertThat(inner.headerStart()).isEqualTo(attached.bodyStart());
        assertThat(slice(raw, inner.bodyStart(), inner.bodyEnd())).isEqualTo("inner body");
        assertThat(attached.lines()).isEqualTo(5);
        assertThat(m.baseSubject()).isEqualTo("inner");
    }

    @Test
    void decodesEncodedWordsAndRfc2231Parameters() {
        byte[] raw = crlf("""
                From: =?UTF-8?B?SsO8cmdlbg==?= <j@example.de>
                To: undisclosed-recipients:;
                Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus =?UTF-8?Q?K=C3=B6ln?=
                Content-Type: multipart/mixed; boundary=x

                --x
                Content-Type: application/octet-stream;
                 name*0*=UTF-8''%E2%82%AC%20rate;
                 name*1=" list.txt"
                Content-Disposition: attachment; filename*=iso-8859-1'de'M%FCller.txt

                data
                --x--
                """);
        ParsedMessage m = parser.parse(raw);
        assertThat(m.envelope().subject()).isEqualTo("Grüße aus Köln");
        assertThat(m.envelope().from().get(0).name()).isEqualTo("Jürgen");
        // RFC 9051 §7.5.2: a group is a start marker (host NIL, mailbox = name) and an end marker
        assertThat(m.envelope().to()).containsExactly(new AddressDto(null, null, "undisclosed-recipients", null),
                new AddressDto(null, null, null, null));
        BodyPartDto part = m.bodyStructure().parts().get(0);
        assertThat(part.params()).containsEntry("name", "€ rate list.txt");
        assertThat(part.dispositionParams()).containsEntry("filename", "Müller.txt");
        assertThat(m.subject()).isEqualTo("Grüße aus Köln");
    }

    @Test
    void malformedInputDegradesButNeverFails() {
        // no blank line, no boundary in the body, no Content-Type syntax: each still yields a structure
        byte[] headerOnly = crlf("From: x@example.org\nSubject: no body");
        assertThat(parser.parse(headerOnly).bodyStructure().size()).isZero();
        byte[] missingBoundary = crlf("Content-Type: multipart/mixed; boundary=nothere\n\njust text\n");
        BodyPartDto opaque = parser.parse(missingBoundary).bodyStructure();
        assertThat(opaque.type() + "/" + opaque.subtype()).isEqualTo("application/octet-stream");
        assertThat(opaque.parts()).isEmpty();
        byte[] badType = crlf("Content-Type: garbage\n\nbody\n");
        assertThat(parser.parse(badType).bodyStructure().type()).isEqualTo("text");
        byte[] unterminated = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nsecond");
        ParsedMessage m = parser.parse(unterminated);
        assertThat(m.bodyStructure().parts()).hasSize(2);
        assertThat(slice(unterminated, m.bodyStructure().parts().get(1).bodyStart(),
                m.bodyStructure().parts().get(1).bodyEnd())).isEqualTo("second");
        byte[] bareLf = "Subject: lf only\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage lf = parser.parse(bareLf);
        assertThat(lf.envelope().subject()).isEqualTo("lf only");
        assertThat(slice(bareLf, lf.bodyStructure().bodyStart(), lf.bodyStructure().bodyEnd())).isEqualTo("body\n");
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            ParsedMessage parsed = parser.parse(noise);
            assertThat(parsed.bodyStructure()).isNotNull();
            assertThat(parsed.bodyText()).doesNotContain("\0");
        }
    }

    @Test
    void deepNestingIsCutAtTheLimit() {
        StringBuilder message = new StringBuilder();
        int depth = 50;
        for (int i = 0; i < depth; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i)
                    .append('\n');
        }
        message.append("Content-Type: text/plain\n\ndeep\n");
        ParsedMessage m = new MimeParser(new MimeParser.Limits(5, 500, 1000, 1000)).parse(crlf(message.toString()));
        int levels = 0;
        BodyPartDto part = m.bodyStructure();
        while (!part.parts().isEmpty()) {
            part = part.parts().get(0);
            levels++;
        }
        assertThat(levels).isLessThanOrEqualTo(6);
    }

    @Test
    void threadIdFollowsTheRootOfTheReferences() {
        String root = MimeParser.threadId("<a@x>", null, null);
        assertThat(MimeParser.threadId("<b@x>", "<a@x>", null)).isEqualTo(root);
        assertThat(MimeParser.threadId("<c@x>", "<b@x>", "<a@x> <b@x>")).isEqualTo(root);
        assertThat(MimeParser.threadId("<d@x>", null, null)).isNotEqualTo(root);
        assertThat(MimeParser.threadId(null, null, null)).isNull();
    }

    @Test
    void baseSubjectPerRfc5256() {
        assertThat(MimeParser.baseSubject("Re: Fwd: [list] Hello   world (fwd)")).isEqualTo("hello world");
        assertThat(MimeParser.baseSubject("[fwd: Re: meeting]")).isEqualTo("meeting");
        assertThat(MimeParser.baseSubject("RE:re:  Plan")).isEqualTo("plan");
        assertThat(MimeParser.baseSubject("[only a blob]")).isEqualTo("[only a blob]");
        assertThat(MimeParser.baseSubject(null)).isEmpty();
    }

    @Test
    void obsoleteDateFormsAreUnderstood() {
        assertThat(MimeParser.parseDate("3 Feb 2026 10:11 GMT").toInstant())
                .isEqualTo(Instant.parse("2026-02-03T10:11:00Z"));
        assertThat(MimeParser.parseDate("Mon, 02 Feb 2026 23:30:00 -0500 (EST)").toLocalDate())
                .isEqualTo(LocalDate.of(2026, 2, 2));
        assertThat(MimeParser.parseDate("not a date")).isNull();
    }
}
