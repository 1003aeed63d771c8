package dev.mailplatform.imap;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** A fresh tenant and account per test class on the real mailbox service, and delivery the way the worker does it. */
public final class TestMailboxes {
    public static final String PASSWORD = "correct horse battery";

    public final String address;
    public final UUID tenant;
    public final UUID account;

    private TestMailboxes(String address, UUID tenant, UUID account) {
        this.address = address;
        this.tenant = tenant;
        this.account = account;
    }

    public static TestMailboxes create(String prefix) {
        AdminApi admin = MailboxServiceProcess.shared().admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String domain = prefix + "-" + suffix + ".example";
        String address = "alice@" + domain;
        UUID tenant = admin.createTenant(prefix + "-" + suffix);
        admin.createDomain(tenant, domain);
        UUID account = admin.createAccount(tenant, address, PASSWORD);
        return new TestMailboxes(address, tenant, account);
    }

    public String login() {
        return "LOGIN " + address + " \"" + PASSWORD + "\"";
    }

    public MessageDto deliver(byte[] raw) throws Exception {
        Infrastructure infra = Infrastructure.shared();
        try (BlobStore store = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.s3Bucket(), "us-east-1"))) {
            store.ensureBucket();
            String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(raw));
            store.put(key, raw);
            String messageId = UUID.randomUUID().toString();
            return MailboxServiceProcess.shared().admin().deliver(new LocalDelivery(
                    LocalDelivery.deliveryIdOf(messageId, account), messageId, UUID.randomUUID().toString(), tenant,
                    account, address, "bob@sender.example", key, raw.length,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        }
    }

    public byte[] message(String subject, String body) {
        return ("From: Bob <bob@sender.example>\r\n"
                + "To: " + address + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@sender.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** multipart/mixed: a text part and a base64 attachment whose decoded content is {@code attachment}. */
    public byte[] multipart(String subject, String text, byte[] attachment) {
        String b64 = java.util.Base64.getMimeEncoder().encodeToString(attachment);
        return ("From: Bob <bob@sender.example>\r\n"
                + "To: " + address + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Tue, 8 Feb 1994 10:00:00 +0000\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@sender.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + text + "\r\n"
                + "--b1\r\n"
                + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + b64 + "\r\n"
                + "--b1--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
