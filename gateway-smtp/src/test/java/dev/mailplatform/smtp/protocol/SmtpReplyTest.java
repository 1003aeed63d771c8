/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {
    @Test
    void singleLineCarriesTheEnhancedCode() {
        assertThat(new String(SmtpReply.of(550, "5.1.1", "Mailbox unavailable").toBytes(), US_ASCII))
                .isEqualTo("550 5.1.1 Mailbox unavailable\r\n");
    }

    @Test
    void multiLineUsesDashContinuation() {
        SmtpReply ehlo = new SmtpReply(250, null, List.of("mx.example", "PIPELINING", "SIZE 10"));
        assertThat(new String(ehlo.toBytes(), US_ASCII))
                .isEqualTo("250-mx.example\r\n250-PIPELINING\r\n250 SIZE 10\r\n");
    }
}
