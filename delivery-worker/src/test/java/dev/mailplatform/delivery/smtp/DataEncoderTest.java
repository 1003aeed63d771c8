package dev.mailplatform.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataEncoderTest {
    private static String encode(String s) {
        return new String(DataEncoder.encode(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void dotStuffsLinesThatStartWithADot() {
        // RFC 5321 §4.5.2
        assertThat(encode("a\r\n.b\r\n..\r\n.\r\n")).isEqualTo("a\r\n..b\r\n...\r\n..\r\n.\r\n");
        assertThat(encode(".first\r\n")).isEqualTo("..first\r\n.\r\n");
    }

    @Test
    void terminatesAnUnterminatedLastLine() {
        assertThat(encode("Subject: x\r\n\r\nbody")).isEqualTo("Subject: x\r\n\r\nbody\r\n.\r\n");
        assertThat(encode("")).isEqualTo(".\r\n");
    }

    @Test
    void neverSendsBareLineEnds() {
        // RFC 5321 §2.3.8
        assertThat(encode("a\nb\rc\r\n")).isEqualTo("a\r\nb\r\nc\r\n.\r\n");
        assertThat(encode("a\n.b")).isEqualTo("a\r\n..b\r\n.\r\n");
    }
}
