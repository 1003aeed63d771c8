/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.MailboxServiceProcess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A fresh tenant, domain and account with two messages in its INBOX, delivered the real way: bodies into S3, then a
 * local delivery through Kafka to the real mailbox service. Every fixture is unique, so tests never share state.
 */
public record MailFixture(UUID tenantId, String address, String password, UUID accountId, byte[] first,
        byte[] second,
        MessageDto firstStored, MessageDto secondStored) {

    public static MailFixture create(BlobStore blobs) {
        return create(blobs, null);
    }

    /** As {@link #create(BlobStore)}, in an existing tenant when {@code existingTenant} is not null. */
    public static MailFixture create(BlobStore blobs, UUID existingTenant) {
        AdminApi admin = MailboxServiceProcess.shared().admin();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String domain = "pop3-" + unique + ".test";
        UUID tenant = existingTenant != null ? existingTenant : admin.createTenant("pop3-tenant-" + unique);
        admin.createDomain(tenant, domain);
        String address = "bob@" + domain;
        String password = "correct horse " + unique;
        UUID account = admin.createAccount(tenant, address, password);

        byte[] first = ("From: alice@example.org\r\n"
                + "To: " + address + "\r\n"
                + "Subject: first\r\n"
                + "Message-ID: <first-" + unique + "@example.org>\r\n"
                + "\r\n"
                + "Hello Bob.\r\n"
                + ".a line starting with a dot\r\n"
                + "..two dots\r\n"
                + ".\r\n"
                + "last line\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] second = ("From: carol@example.org\r\n"
                + "Subject: second\r\n"
                + "Message-ID: <second-" + unique + "@example.org>\r\n"
                + "\r\n"
                + "line 1\r\n"
                + "line 2\r\n"
                + "line 3\r\n").getBytes(StandardCharsets.US_ASCII);
        MessageDto firstStored = deliver(admin, blobs, tenant, account, address, first);
        MessageDto secondStored = deliver(admin, blobs, tenant, account, address, second);
        return new MailFixture(tenant, address, password, account, first, second, firstStored, secondStored);
    }

    /** Delivers one more message to this account's INBOX. */
    public MessageDto deliver(BlobStore blobs, byte[] body) {
        return deliver(MailboxServiceProcess.shared().admin(), blobs, tenantId, accountId, address, body);
    }

    public List<MessageDto> inbox() {
        return MailboxServiceProcess.shared().admin().messages(accountId, "INBOX");
    }

    public long totalOctets() {
        return first.length + second.length;
    }

    /** What RETR must put on the wire for {@code stored}: byte-stuffed, then "." CRLF (RFC 1939 §3). */
    public static String stuffed(byte[] stored) {
        String text = new String(stored, StandardCharsets.US_ASCII);
        return (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..") + ".\r\n";
    }

    private static MessageDto deliver(AdminApi admin, BlobStore blobs, UUID tenant, UUID account, String rcpt,
            byte[] body) {
        String key = BlobKeys.messageKey(sha256(body));
        blobs.put(key, body);
        String messageId = UUID.randomUUID().toString();
        return admin.deliver(new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, account), messageId,
                "trace-" + messageId, tenant, account, rcpt, "alice@example.org", key, body.length, Instant.now()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
