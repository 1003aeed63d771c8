package dev.mailplatform.contracts.api;

/** Usage and limits; a limit of -1 is unlimited. */
public record QuotaDto(long usedBytes, long limitBytes, long usedMessages, long limitMessages) {
}
