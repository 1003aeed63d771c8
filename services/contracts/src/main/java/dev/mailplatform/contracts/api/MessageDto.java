package dev.mailplatform.contracts.api;

import java.time.Instant;
import java.util.List;

/**
 * Metadata of one message; the body is read from S3 under {@code blobKey}. ENVELOPE and BODYSTRUCTURE were parsed
 * once at delivery, so FETCH of them never touches S3; they are present only when the request asked for them.
 *
 * @param threadId  messages of one conversation (References / In-Reply-To) share it
 */
public record MessageDto(long uid, long modseq, long size, Instant internalDate, List<String> flags, String blobKey,
        String threadId, EnvelopeDto envelope, BodyPartDto bodyStructure) {

    public MessageDto(long uid, long modseq, long size, Instant internalDate, List<String> flags, String blobKey) {
        this(uid, modseq, size, internalDate, flags, blobKey, null, null, null);
    }
}
