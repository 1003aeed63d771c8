package dev.mailplatform.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.imap.error.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // RFC 3501 §5.1.3 examples
            "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e|~peter/mail/&U,BTFw-/&ZeVnLIqe-",
            "Entw\u00fcrfe|Entw&APw-rfe",
            "A&B|A&-B",
            "plain|plain",
            "\u2603 snow|&JgM- snow"})
    void modifiedUtf7RoundTrips(String stored, String wire) {
        assertThat(MailboxNames.encodeModifiedUtf7(stored)).isEqualTo(wire);
        assertThat(MailboxNames.decodeModifiedUtf7(wire)).isEqualTo(stored);
        assertThat(MailboxNames.toClient(stored, true)).isEqualTo(stored);
    }

    @Test
    void malformedShiftsAreRefused() {
        assertThatThrownBy(() -> MailboxNames.decodeModifiedUtf7("&AAA")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> MailboxNames.decodeModifiedUtf7("&A-")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> MailboxNames.decodeModifiedUtf7("caf\u00e9")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void inboxIsCaseInsensitiveAlsoAsParent() {
        assertThat(MailboxNames.fromClient("iNbOx", false)).isEqualTo("INBOX");
        assertThat(MailboxNames.fromClient("inbox/Sub", false)).isEqualTo("INBOX/Sub");
        assertThat(MailboxNames.fromClient("inboxes", false)).isEqualTo("inboxes");
    }

    @Test
    void listPatterns() {
        assertThat(MailboxNames.matches("*", "a/b/c")).isTrue();
        assertThat(MailboxNames.matches("%", "a/b")).isFalse();
        assertThat(MailboxNames.matches("%", "a")).isTrue();
        assertThat(MailboxNames.matches("a/%", "a/b")).isTrue();
        assertThat(MailboxNames.matches("a/%", "a/b/c")).isFalse();
        assertThat(MailboxNames.matches("a/*", "a/b/c")).isTrue();
        assertThat(MailboxNames.matches("inbox", "INBOX")).isTrue();
        assertThat(MailboxNames.matches("*b*", "abc")).isTrue();
        assertThat(MailboxNames.matches("*x*", "abc")).isFalse();
        // hostile patterns stay linear: this would take ages with backtracking
        assertThat(MailboxNames.matches("*a".repeat(5000) + "b", "a".repeat(200))).isFalse();
    }
}
