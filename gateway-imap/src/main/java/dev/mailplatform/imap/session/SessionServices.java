package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.command.CommandRegistry;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.vertx.core.WorkerExecutor;

/** What every session shares: configuration, backends and the worker pool for blocking S3 reads. */
public record SessionServices(ImapConfig config, MailboxClient mailboxClient, BlobStore blobStore,
        WorkerExecutor blobExecutor, ImapMetrics metrics, CommandRegistry commands) {
}
