package dev.mailplatform.contracts.events;

import java.time.Instant;
import java.util.List;

/** A message to relay to one remote domain: all of that domain's recipients share one SMTP transaction. */
public record OutboundMail(
        String outboundId,
        String messageId,
        String traceId,
        String domain,
        String mailFrom,
        List<String> recipients,
        String blobKey,
        long size,
        Instant receivedAt,
        int attempt) {
}
