package dev.mailplatform.contracts.api;

import java.time.Instant;
import java.util.List;

/** Metadata of one message; the body is read from S3 under {@code blobKey}. */
public record MessageDto(long uid, long modseq, long size, Instant internalDate, List<String> flags, String blobKey) {
}
