package dev.mailplatform.contracts.api;

import java.time.Instant;
import java.util.List;

/**
 * APPEND: the gateway has already written the body to S3 under {@code blobKey} (bodies never travel through this
 * API); the mailbox service parses it from there.
 */
public record AppendRequest(String blobKey, long size, List<String> flags, Instant internalDate) {
}
