package dev.mailplatform.mailbox.blob;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The S3 client, configured from the {@code mail.s3.*} keys every service shares. */
@ApplicationScoped
public class BlobStoreProducer {

    @Produces
    @ApplicationScoped
    BlobStore blobStore(@ConfigProperty(name = "mail.s3.endpoint") String endpoint,
            @ConfigProperty(name = "mail.s3.access-key") String accessKey,
            @ConfigProperty(name = "mail.s3.secret-key") String secretKey,
            @ConfigProperty(name = "mail.s3.bucket", defaultValue = "mail") String bucket,
            @ConfigProperty(name = "mail.s3.region", defaultValue = "us-east-1") String region) {
        return new BlobStore(new BlobStoreConfig(endpoint, accessKey, secretKey, bucket, region));
    }

    void close(@Disposes BlobStore store) {
        store.close();
    }
}
