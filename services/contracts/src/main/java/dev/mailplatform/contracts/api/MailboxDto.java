package dev.mailplatform.contracts.api;

import java.util.UUID;

public record MailboxDto(UUID id, String name, long uidValidity, long uidNext, long highestModseq, long messages,
        long unseen) {
}
