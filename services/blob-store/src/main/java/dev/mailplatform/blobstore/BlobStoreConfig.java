package dev.mailplatform.blobstore;

/** Where the S3-compatible object store is. Secrets come from the environment, never from committed config. */
public record BlobStoreConfig(String endpoint, String accessKey, String secretKey, String bucket, String region) {
    public BlobStoreConfig {
        if (region == null || region.isBlank()) {
            region = "us-east-1";
        }
    }
}
