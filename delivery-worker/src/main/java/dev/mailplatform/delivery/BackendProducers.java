package dev.mailplatform.delivery;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The mailbox-service client (DSN recipients) and the S3 blob store (bodies), from the shared property names. */
@ApplicationScoped
public class BackendProducers {
    @Produces
    @Singleton
    MailboxClient mailboxClient(Vertx vertx,
            @ConfigProperty(name = "mail.mailbox-service.url", defaultValue = "http://localhost:8080") String url,
            @ConfigProperty(name = "mail.service-token", defaultValue = "") String token) {
        return new MailboxClient(vertx, url, token);
    }

    void closeMailboxClient(@Disposes MailboxClient client) {
        client.close();
    }

    @Produces
    @Singleton
    BlobStore blobStore(@ConfigProperty(name = "mail.s3.endpoint") String endpoint,
            @ConfigProperty(name = "mail.s3.access-key") String accessKey,
            @ConfigProperty(name = "mail.s3.secret-key") String secretKey,
            @ConfigProperty(name = "mail.s3.bucket", defaultValue = "mail") String bucket,
            @ConfigProperty(name = "mail.s3.region", defaultValue = "us-east-1") String region) {
        return new BlobStore(new BlobStoreConfig(endpoint, accessKey, secretKey, bucket, region));
    }

    void closeBlobStore(@Disposes BlobStore store) {
        store.close();
    }
}
