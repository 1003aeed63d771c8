package dev.mailplatform.contracts.api;

import java.time.Instant;
import java.util.List;

/**
 * APPEND: the gateway has already written the body to S3 under {@code blobKey}, so the message is durable before any
 * row refers to it.
 *
 * @param content the body itself for small messages, so the service can parse it without reading it back from S3;
 *                it must be exactly the bytes stored under {@code blobKey} (checked against the content address).
 *                Null for large ones, which the service reads from S3.
 */
public record AppendRequest(String blobKey, long size, List<String> flags, Instant internalDate, byte[] content) {
}
