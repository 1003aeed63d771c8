package dev.mailplatform.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.EnvelopeDto;
import dev.mailplatform.contracts.api.EnvelopeDto.AddressDto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchFormatTest {
    @Test
    void envelopeFollowsRfc9051WithSenderDefaultingToFrom() {
        EnvelopeDto e = new EnvelopeDto("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", "IMAP4rev1 WG mtg summary",
                List.of(new AddressDto("Terry Gray", null, "gray", "cac.washington.edu")), null, null,
                List.of(new AddressDto(null, null, "imap", "cac.washington.edu")), null, null, null,
                "<B27397-0100000@cac.washington.edu>");
        assertThat(FetchFormat.envelope(e, false)).isEqualTo("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
                + "\"IMAP4rev1 WG mtg summary\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
                + "((NIL NIL \"imap\" \"cac.washington.edu\")) NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\")");
    }

    @Test
    void nonAsciiIsAnEncodedWordUnlessUtf8IsEnabled() {
        EnvelopeDto e = new EnvelopeDto(null, "Gr\u00fc\u00dfe", null, null, null, null, null, null, null, null);
        assertThat(FetchFormat.envelope(e, false)).startsWith("(NIL \"=?UTF-8?B?R3LDvMOfZQ==?=\" NIL");
        assertThat(FetchFormat.envelope(e, true)).startsWith("(NIL \"Gr\u00fc\u00dfe\" NIL");
    }

    @Test
    void multipartBodyStructureWithExtensionData() {
        BodyPartDto text = part("text", "plain", Map.of("charset", "us-ascii"), "7bit", 14, 1, null, List.of());
        BodyPartDto attachment = new BodyPartDto("application", "pdf", Map.of("name", "a.pdf"), null, null,
                "base64", 4096, -1, null, "attachment", Map.of("filename", "a.pdf"), null, null, 0, 0, 0, List.of(),
                null);
        Map<String, String> boundary = new LinkedHashMap<>();
        boundary.put("boundary", "xyz");
        BodyPartDto root = part("multipart", "mixed", boundary, "7bit", 5000, -1, null, List.of(text, attachment));
        assertThat(FetchFormat.bodyStructure(root, true, false)).isEqualTo("((\"text\" \"plain\" (\"charset\" "
                + "\"us-ascii\") NIL NIL \"7bit\" 14 1 NIL NIL NIL NIL)(\"application\" \"pdf\" (\"name\" \"a.pdf\") "
                + "NIL NIL \"base64\" 4096 NIL (\"attachment\" (\"filename\" \"a.pdf\")) NIL NIL) \"mixed\" "
                + "(\"boundary\" \"xyz\") NIL NIL NIL)");
        assertThat(FetchFormat.bodyStructure(root, false, false)).isEqualTo("((\"text\" \"plain\" (\"charset\" "
                + "\"us-ascii\") NIL NIL \"7bit\" 14 1)(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL "
                + "\"base64\" 4096) \"mixed\")");
    }

    @Test
    void encapsulatedMessageCarriesEnvelopeBodyAndLines() {
        BodyPartDto inner = part("text", "plain", Map.of(), "7bit", 3, 1, null, List.of());
        EnvelopeDto env = new EnvelopeDto(null, "inner", null, null, null, null, null, null, null, null);
        BodyPartDto message = new BodyPartDto("message", "rfc822", Map.of(), null, null, "7bit", 50, 4, null, null,
                null, null, null, 0, 0, 0, List.of(inner), env);
        assertThat(FetchFormat.bodyStructure(message, false, false)).isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL "
                + "\"7bit\" 50 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"plain\" NIL NIL NIL "
                + "\"7bit\" 3 1) 4)");
    }

    static BodyPartDto part(String type, String subtype, Map<String, String> params, String encoding, long size,
            long lines, EnvelopeDto envelope, List<BodyPartDto> parts) {
        return new BodyPartDto(type, subtype, params, null, null, encoding, size, lines, null, null, null, null, null,
                0, 0, 0, parts, envelope);
    }
}
