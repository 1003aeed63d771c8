package dev.mailplatform.blobstore;

/** The object store failed or could not be reached; callers answer with a temporary error. */
public class BlobStoreException extends RuntimeException {
    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
