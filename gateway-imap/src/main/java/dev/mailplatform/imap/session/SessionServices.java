package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobCache;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.command.CommandRegistry;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.vertx.core.WorkerExecutor;

/**
 * What every session of one node shares: configuration, backends, the body cache in front of S3, the blob worker pool
 * (the only place either may be called from: both block) and the event hub.
 */
public record SessionServices(ImapConfig config, MailboxClient mailboxClient, BlobStore blobStore,
        BlobCache blobCache, WorkerExecutor blobExecutor, ImapMetrics metrics, CommandRegistry commands,
        MailboxEventHub events) {
}
