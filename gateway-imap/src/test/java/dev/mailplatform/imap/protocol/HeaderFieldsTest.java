package dev.mailplatform.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {
    private static final String HEADER = "From: a@b.example\r\nSubject: folded\r\n  subject line\r\n"
            + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\nX-Spam: yes\r\n\r\n";

    @Test
    void keepsNamedFieldsWithTheirContinuationLines() {
        assertThat(filter(List.of("SUBJECT", "DATE"), false)).isEqualTo(
                "Subject: folded\r\n  subject line\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\n");
    }

    @Test
    void notDropsNamedFields() {
        assertThat(filter(List.of("SUBJECT", "X-SPAM"), true)).isEqualTo(
                "From: a@b.example\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\n");
    }

    @Test
    void noMatchIsJustTheBlankLine() {
        assertThat(filter(List.of("CC"), false)).isEqualTo("\r\n");
    }

    private static String filter(List<String> names, boolean not) {
        return new String(HeaderFields.filter(HEADER.getBytes(StandardCharsets.US_ASCII), names, not),
                StandardCharsets.US_ASCII);
    }
}
