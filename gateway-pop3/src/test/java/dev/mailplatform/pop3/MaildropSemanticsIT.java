/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.pop3.server.Pop3Server;
import dev.mailplatform.testkit.TempDirectories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The maildrop rules across sessions and instances: the [IN-USE] lease held in the mailbox service (RFC 1939 §8),
 * its renewal and expiry, the snapshot at login, and the "keep" retention policy (here the default; the "delete"
 * default is covered by Pop3GatewayIT, the per-tenant lookup by RetentionPoliciesTest). A short lease TTL makes
 * renewal and expiry observable.
 */
@QuarkusTest
@TestProfile(MaildropSemanticsIT.ShortLeaseAndKeepPolicy.class)
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class MaildropSemanticsIT {
    public static class ShortLeaseAndKeepPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.pop3.lease.ttl", "3s", "mail.pop3.lease.renew-every", "1s",
                    "mail.pop3.retention.default", "keep");
        }
    }

    /** Quarkus leaves the folder it wrote this profile's configuration to: delete it (see TempDirectories). */
    @AfterAll
    static void deleteProfileConfiguration() {
        TempDirectories.deleteQuarkusTestProfileConfig(MaildropSemanticsIT.class.getClassLoader());
    }

    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;
    @Inject
    MailboxClient mailbox;

    @Test
    void secondSessionGetsInUseWhileImapStillReadsAndAfterQuitItMayLogIn() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        try (var first = Pop3TestClient.connect(server.port())) {
            assertThat(first.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
            // held past the 3 s TTL: only renewal keeps the lock
            Thread.sleep(4_500);
            try (var second = Pop3TestClient.connect(server.port())) {
                assertThat(second.login(mail.address(), mail.password()))
                        .isEqualTo("-ERR [IN-USE] maildrop already locked by another session");
                assertThat(second.command("STAT")).as("still in AUTHORIZATION")
                        .isEqualTo("-ERR STAT not allowed in this state");
                assertThat(mail.inbox()).as("the mailbox API (IMAP's path) still reads").hasSize(2);
                assertThat(first.command("DELE 1")).startsWith("+OK");
                assertThat(first.command("QUIT")).isEqualTo("+OK bye, 1 messages deleted");
                // the lock is free as soon as QUIT has answered
                assertThat(second.login(mail.address(), mail.password())).startsWith("+OK maildrop has 1 messages");
            }
        }
    }

    @Test
    void aLeaseHeldByAnotherGatewayInstanceBlocksUntilItExpires() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        // what another instance does when a session logs in there; it then "crashes" and never renews
        assertThat(mailbox.acquirePop3Lease(mail.accountId(), "other-instance/1", 2).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isPresent();
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.login(mail.address(), mail.password())).startsWith("-ERR [IN-USE]");
            Thread.sleep(2_500);
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
        }
        // the release runs when the server notices the close: give it a moment, but not the lease's 60 s TTL
        boolean released = false;
        for (int i = 0; i < 50 && !released; i++) {
            released = mailbox.acquirePop3Lease(mail.accountId(), "other-instance/2", 2).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).isPresent();
            if (!released) {
                Thread.sleep(100);
            }
        }
        assertThat(released).as("QUIT-less close released our lease within 5 s").isTrue();
    }

    @Test
    void mailArrivingDuringTheSessionAppearsInTheNextOne() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            mail.deliver(blobs, "Subject: late\r\n\r\nlate\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(mail.inbox()).hasSize(3);
            assertThat(pop.command("STAT")).isEqualTo("+OK 2 " + mail.totalOctets());
            assertThat(pop.command("RETR 3")).startsWith("-ERR no such message");
            pop.command("QUIT");
        }
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 3 messages");
        }
    }

    @Test
    void keepPolicyHidesDeletedMessagesFromPop3ButImapStillHasThem() {
        MailFixture mail = MailFixture.create(blobs);
        String uidl;
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            pop.command("UIDL 2");
            uidl = pop.command("UIDL 2");
            assertThat(pop.command("DELE 1")).startsWith("+OK");
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye, 1 messages deleted");
        }
        assertThat(mail.inbox()).hasSize(2);
        MessageDto kept = mail.inbox().get(0);
        assertThat(kept.uid()).isEqualTo(mail.firstStored().uid());
        assertThat(kept.flags()).contains("$POP3Deleted");
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.login(mail.address(), mail.password()))
                    .isEqualTo("+OK maildrop has 1 messages (" + mail.second().length + " octets)");
            assertThat(pop.command("UIDL 1")).as("the remaining message keeps its unique id")
                    .isEqualTo(uidl.replace("+OK 2 ", "+OK 1 "));
        }
    }
}
