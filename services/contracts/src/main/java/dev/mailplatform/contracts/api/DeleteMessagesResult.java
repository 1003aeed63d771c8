package dev.mailplatform.contracts.api;

import java.util.List;

public record DeleteMessagesResult(List<Long> deleted, long highestModseq) {
}
