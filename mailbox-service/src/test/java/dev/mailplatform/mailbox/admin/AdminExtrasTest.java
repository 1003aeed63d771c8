package dev.mailplatform.mailbox.admin;

import static dev.mailplatform.mailbox.Fixtures.admin;
import static dev.mailplatform.mailbox.Fixtures.deliverRaw;
import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.messages;
import static dev.mailplatform.mailbox.Fixtures.publish;
import static dev.mailplatform.mailbox.Fixtures.putBlob;
import static dev.mailplatform.mailbox.Fixtures.read;
import static dev.mailplatform.mailbox.Fixtures.readList;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.AliasDto;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.contracts.api.RecipientResolution;
import dev.mailplatform.contracts.events.DeliveryFailed;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.mailbox.EventWatcher;
import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Aliases, catch-all, quotas, password reset, suspension, DKIM keys, and that no admin call crosses tenants. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AdminExtrasTest {

    private static RecipientResolution resolve(String address) {
        return read(service().queryParam("address", address).get(ApiPaths.RESOLVE_RECIPIENT).then().statusCode(200),
                RecipientResolution.class);
    }

    private static Map<String, String> login(String user, String password, String ip) {
        return Map.of("username", user, "password", password, "remoteAddress", ip);
    }

    @Test
    void aliasesAndCatchAllResolveToAccounts() {
        TenantWithAccount a = tenantWithAccount();
        AliasDto alias = read(admin().body(Map.of("address", "Sales@" + a.domain(), "targets", List.of(a.address())))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(201), AliasDto.class);
        assertThat(alias.targets()).containsExactly(a.address());
        assertThat(readList(admin().get(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(200),
                AliasDto[].class)).extracting(AliasDto::address).containsExactly("Sales@" + a.domain());
        assertThat(resolve("sales@" + a.domain()).accountId()).isEqualTo(a.accountId());
        assertThat(resolve("nobody@" + a.domain()).accountId()).isNull();
        admin().body(Map.of("target", a.address())).put(ApiPaths.TENANT_DOMAIN_CATCH_ALL, a.tenantId(), a.domain())
                .then().statusCode(204);
        assertThat(resolve("nobody@" + a.domain()).accountId()).isEqualTo(a.accountId());
        admin().body(Map.of()).put(ApiPaths.TENANT_DOMAIN_CATCH_ALL, a.tenantId(), a.domain()).then()
                .statusCode(204);
        assertThat(resolve("nobody@" + a.domain()).accountId()).isNull();
        // errors: duplicate alias, alias on an account address, unknown target, foreign domain
        admin().body(Map.of("address", "sales@" + a.domain(), "targets", List.of(a.address())))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(409);
        admin().body(Map.of("address", a.address(), "targets", List.of(a.address())))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(409);
        admin().body(Map.of("address", "x@" + a.domain(), "targets", List.of("ghost@" + a.domain())))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(422);
        admin().body(Map.of("address", "x@elsewhere.example", "targets", List.of(a.address())))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(422);
        admin().body(Map.of("address", "x@" + a.domain(), "targets", List.of()))
                .post(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(400);
    }

    @Test
    void adminCallsNeverCrossTenants() {
        TenantWithAccount a = tenantWithAccount();
        TenantWithAccount b = tenantWithAccount();
        // tenant B's path with tenant A's account or domain: 404, and nothing changes
        admin().get(ApiPaths.TENANT_ACCOUNT_QUOTA, b.tenantId(), a.accountId()).then().statusCode(404);
        admin().body(Map.of("limitBytes", 1, "limitMessages", 1)).put(ApiPaths.TENANT_ACCOUNT_QUOTA, b.tenantId(),
                a.accountId()).then().statusCode(404);
        admin().body(Map.of("password", "hijacked")).put(ApiPaths.TENANT_ACCOUNT_PASSWORD, b.tenantId(),
                a.accountId()).then().statusCode(404);
        admin().body(Map.of("status", "suspended")).put(ApiPaths.TENANT_ACCOUNT_STATUS, b.tenantId(),
                a.accountId()).then().statusCode(404);
        admin().body(Map.of("target", a.address())).put(ApiPaths.TENANT_DOMAIN_CATCH_ALL, b.tenantId(),
                a.domain()).then().statusCode(404);
        admin().body(Map.of("target", a.address())).put(ApiPaths.TENANT_DOMAIN_CATCH_ALL, b.tenantId(),
                b.domain()).then().statusCode(422);
        admin().body(Map.of("address", "x@" + b.domain(), "targets", List.of(a.address())))
                .post(ApiPaths.TENANT_ALIASES, b.tenantId()).then().statusCode(422);
        admin().body(Map.of()).post(ApiPaths.TENANT_DOMAIN_DKIM, b.tenantId(), a.domain()).then().statusCode(404);
        admin().get(ApiPaths.TENANTS + "/{t}/accounts/{a}", b.tenantId(), a.accountId()).then().statusCode(404);
        assertThat(readList(admin().get(ApiPaths.TENANT_ACCOUNTS, b.tenantId()).then().statusCode(200),
                AccountDto[].class)).extracting(AccountDto::id).containsExactly(b.accountId());
        assertThat(readList(admin().get(ApiPaths.TENANT_ALIASES, b.tenantId()).then().statusCode(200),
                AliasDto[].class)).isEmpty();
        // A is untouched: its password still works and it is active
        service().body(login(a.address(), a.password(), "198.51.100.1")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(200);
        // the gateway token cannot reach the admin API, nor the admin token the gateway API
        service().get(ApiPaths.TENANT_ALIASES, a.tenantId()).then().statusCode(401);
        admin().get(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(401);
    }

    @Test
    void passwordResetAndSuspension() {
        TenantWithAccount a = tenantWithAccount();
        admin().body(Map.of("password", "new-secret-1")).put(ApiPaths.TENANT_ACCOUNT_PASSWORD, a.tenantId(),
                a.accountId()).then().statusCode(204);
        service().body(login(a.address(), a.password(), "198.51.100.2")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(401);
        service().body(login(a.address(), "new-secret-1", "198.51.100.2")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(200);
        admin().body(Map.of("password", "")).put(ApiPaths.TENANT_ACCOUNT_PASSWORD, a.tenantId(), a.accountId())
                .then().statusCode(400);
        admin().body(Map.of("status", "suspended")).put(ApiPaths.TENANT_ACCOUNT_STATUS, a.tenantId(), a.accountId())
                .then().statusCode(200).body("status", equalTo("suspended"));
        service().body(login(a.address(), "new-secret-1", "198.51.100.2")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(403);
        admin().body(Map.of("status", "deleted")).put(ApiPaths.TENANT_ACCOUNT_STATUS, a.tenantId(), a.accountId())
                .then().statusCode(400);

        // a delivery to a suspended account fails for good with 5.2.1 and is not stored, even when redelivered
        try (EventWatcher<DeliveryFailed> failures = new EventWatcher<>(Topics.DELIVERY_FAILED,
                DeliveryFailed.class)) {
            LocalDelivery delivery = delivery(a, putBlob(mail("Subject: to suspended\n\nx\n")));
            publish(delivery);
            publish(delivery);
            List<DeliveryFailed> failed = failures.awaitEvents(f -> f.deliveryId().equals(delivery.deliveryId()), 1);
            assertThat(failed.get(0).status()).isEqualTo("5.2.1");
            assertThat(failed.get(0).recipient()).isEqualTo(a.address());
            assertThat(failures.drain(f -> f.deliveryId().equals(delivery.deliveryId()), Duration.ofSeconds(2)))
                    .hasSize(1);
        }
        assertThat(messages(a.accountId())).isEmpty();
        admin().body(Map.of("status", "active")).put(ApiPaths.TENANT_ACCOUNT_STATUS, a.tenantId(), a.accountId())
                .then().statusCode(200);
        service().body(login(a.address(), "new-secret-1", "198.51.100.2")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(200);
    }

    private static LocalDelivery delivery(TenantWithAccount a, String blobKey) {
        String messageId = "q-" + UUID.randomUUID();
        return new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, a.accountId()), messageId, "t", a.tenantId(),
                a.accountId(), a.address(), "s@remote.example", blobKey, 100, Instant.now());
    }

    @Test
    void overQuotaDeliveryBecomesAPermanentFailure() {
        TenantWithAccount a = tenantWithAccount();
        QuotaDto limits = read(admin().body(Map.of("limitBytes", -1, "limitMessages", 1))
                .put(ApiPaths.TENANT_ACCOUNT_QUOTA, a.tenantId(), a.accountId()).then().statusCode(200),
                QuotaDto.class);
        assertThat(limits.limitMessages()).isEqualTo(1);
        assertThat(limits.limitBytes()).isEqualTo(-1);
        deliverRaw(a, mail("Subject: fits\n\nx\n"));
        try (EventWatcher<DeliveryFailed> failures = new EventWatcher<>(Topics.DELIVERY_FAILED,
                DeliveryFailed.class)) {
            LocalDelivery delivery = delivery(a, putBlob(mail("Subject: too much\n\nx\n")));
            publish(delivery);
            DeliveryFailed failed = failures.awaitEvents(f -> f.deliveryId().equals(delivery.deliveryId()), 1).get(0);
            assertThat(failed.status()).isEqualTo("5.2.2");
            assertThat(failed.messageId()).isEqualTo(delivery.messageId());
            // recorded: a redelivery after the quota is raised is still not stored twice nor bounced twice
            admin().body(Map.of("limitBytes", -1, "limitMessages", -1)).put(ApiPaths.TENANT_ACCOUNT_QUOTA,
                    a.tenantId(), a.accountId()).then().statusCode(200);
            publish(delivery);
            assertThat(failures.drain(f -> f.deliveryId().equals(delivery.deliveryId()), Duration.ofSeconds(3)))
                    .hasSize(1);
        }
        assertThat(messages(a.accountId())).hasSize(1);
        // tenant quota applies across the tenant's accounts
        admin().body(Map.of("limitBytes", 1, "limitMessages", -1)).put(ApiPaths.TENANT_QUOTA, a.tenantId()).then()
                .statusCode(200).body("limitBytes", equalTo(1));
        service().body(Map.of("blobKey", putBlob(mail("Subject: a\n\nb\n")), "size", 10))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(413);
        QuotaDto tenant = read(admin().get(ApiPaths.TENANT_QUOTA, a.tenantId()).then().statusCode(200),
                QuotaDto.class);
        assertThat(tenant.usedMessages()).isEqualTo(1);
        admin().body(Map.of("limitBytes", -5)).put(ApiPaths.TENANT_QUOTA, a.tenantId()).then().statusCode(400);
    }

    @Test
    void dkimKeysAreGeneratedAndOnlyTheServiceApiSeesThePrivateKey() throws Exception {
        TenantWithAccount a = tenantWithAccount();
        service().get(ApiPaths.DKIM_SIGNING_KEY, a.domain()).then().statusCode(404);
        admin().get(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(), a.domain()).then().statusCode(404);
        DkimKeyDto rsa = read(admin().body(Map.of("selector", "mail2026"))
                .post(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(), a.domain()).then().statusCode(201), DkimKeyDto.class);
        assertThat(rsa.algorithm()).isEqualTo("rsa-sha256");
        assertThat(rsa.privateKeyPem()).isNull();
        assertThat(rsa.dnsRecord()).isEqualTo("v=DKIM1; k=rsa; p=" + rsa.publicKeyBase64());
        DkimKeyDto signing = read(service().get(ApiPaths.DKIM_SIGNING_KEY, a.domain().toUpperCase()).then()
                .statusCode(200), DkimKeyDto.class);
        assertThat(signing.selector()).isEqualTo("mail2026");
        // the private key signs what the published public key verifies
        var privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(signing.privateKeyPem().replaceAll("-----[A-Z ]+-----", ""))));
        var publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(rsa.publicKeyBase64())));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
        // stored encrypted at rest (mail.dkim.master-key is set for tests)
        assertThat(Fixtures.queryString("SELECT private_key FROM dkim_keys WHERE selector = 'mail2026'"))
                .startsWith("enc:v1:");

        DkimKeyDto ed = read(admin().body(Map.of("selector", "ed1", "algorithm", "ed25519-sha256"))
                .post(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(), a.domain()).then().statusCode(201), DkimKeyDto.class);
        assertThat(Base64.getDecoder().decode(ed.publicKeyBase64())).hasSize(32); // RFC 8463 §4
        assertThat(ed.dnsRecord()).startsWith("v=DKIM1; k=ed25519; p=");
        assertThat(read(admin().get(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(), a.domain()).then().statusCode(200),
                DkimKeyDto.class).selector()).isEqualTo("ed1");
        admin().body(Map.of("algorithm", "dsa")).post(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(), a.domain()).then()
                .statusCode(400);
        admin().body(Map.of("selector", "bad selector")).post(ApiPaths.TENANT_DOMAIN_DKIM, a.tenantId(),
                a.domain()).then().statusCode(400);
    }

    @Test
    void loginsAreThrottledPerSourceAddressAcrossUsernames() {
        TenantWithAccount a = tenantWithAccount();
        String ip = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        // password spraying: one failure per username, many usernames, one address
        for (int i = 0; i < 20; i++) {
            service().body(login("spray" + i + "@" + a.domain(), "guess", ip)).post(ApiPaths.AUTHENTICATE).then()
                    .statusCode(401);
        }
        service().body(login(a.address(), a.password(), ip)).post(ApiPaths.AUTHENTICATE).then().statusCode(429);
        // another address is unaffected
        service().body(login(a.address(), a.password(), ip + "1")).post(ApiPaths.AUTHENTICATE).then()
                .statusCode(200);
    }
}
