package dev.mailplatform.mailbox.auth;

import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class GatewayApiTest {

    private static Map<String, String> login(String username, String password) {
        return Map.of("username", username, "password", password, "remoteAddress", "192.0.2.7");
    }

    @Test
    void authenticatesCaseInsensitively() {
        TenantWithAccount a = tenantWithAccount();
        service().body(login(a.address().toUpperCase(), a.password())).post(ApiPaths.AUTHENTICATE)
                .then().statusCode(200)
                .body("accountId", equalTo(a.accountId().toString()))
                .body("tenantId", equalTo(a.tenantId().toString()))
                .body("address", equalTo(a.address()));
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        TenantWithAccount a = tenantWithAccount();
        service().body(login(a.address(), a.password() + "x")).post(ApiPaths.AUTHENTICATE)
                .then().statusCode(401).body("status", equalTo(401));
        service().body(login("nobody@" + a.domain(), "whatever")).post(ApiPaths.AUTHENTICATE)
                .then().statusCode(401);
        service().body(login(a.address(), "p".repeat(100))).post(ApiPaths.AUTHENTICATE).then().statusCode(401);
    }

    @Test
    void aPasswordResetEndsTheRememberedLogin() {
        TenantWithAccount a = tenantWithAccount();
        // twice: the second login is answered from the verified-password cache
        service().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(200);
        service().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(200);
        Fixtures.admin().body(Map.of("password", "a-new-password-1"))
                .put(ApiPaths.TENANT_ACCOUNT_PASSWORD, a.tenantId(), a.accountId()).then().statusCode(204);
        service().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(401);
        service().body(login(a.address(), "a-new-password-1")).post(ApiPaths.AUTHENTICATE).then().statusCode(200);
    }

    @Test
    void malformedAuthRequestIs400() {
        service().body(Map.of("username", "x@y.example")).post(ApiPaths.AUTHENTICATE).then().statusCode(400);
        service().body("[]").post(ApiPaths.AUTHENTICATE).then().statusCode(400);
    }

    @Test
    void suspendedAccountIs403OnlyWithTheRightPassword() {
        TenantWithAccount a = tenantWithAccount();
        Fixtures.sql("UPDATE accounts SET status = 'suspended' WHERE id = ?", a.accountId());
        service().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE)
                .then().statusCode(403).body("status", equalTo(403));
        service().body(login(a.address(), "wrong")).post(ApiPaths.AUTHENTICATE).then().statusCode(401);
    }

    @Test
    void repeatedFailuresLockTheUsername() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 5; i++) { // mail.mailbox.auth.max-failures default
            service().body(login(a.address(), "guess" + i)).post(ApiPaths.AUTHENTICATE).then().statusCode(401);
        }
        // even the right password is refused while locked
        service().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(429);
        // other accounts are unaffected
        TenantWithAccount b = tenantWithAccount();
        service().body(login(b.address(), b.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(200);
    }

    @Test
    void gatewayPathsNeedTheServiceToken() {
        TenantWithAccount a = tenantWithAccount();
        given().contentType(ContentType.JSON).body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE)
                .then().statusCode(401);
        Fixtures.admin().body(login(a.address(), a.password())).post(ApiPaths.AUTHENTICATE).then().statusCode(401);
        given().header("Authorization", "Bearer nope").queryParam("address", a.address())
                .get(ApiPaths.RESOLVE_RECIPIENT).then().statusCode(401);
        given().get(ApiPaths.MAILBOX, a.accountId(), "INBOX").then().statusCode(401);
        given().get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("uids", new long[] {1}))
                .post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "INBOX").then().statusCode(401);
        // unknown paths under /api are protected too (no probing without a token)
        given().get("/api/v1/does-not-exist").then().statusCode(401);
    }

    @Test
    void resolvesRecipients() {
        TenantWithAccount a = tenantWithAccount();
        service().queryParam("address", a.address().toUpperCase()).get(ApiPaths.RESOLVE_RECIPIENT)
                .then().statusCode(200)
                .body("address", equalTo(a.address()))
                .body("domainLocal", equalTo(true))
                .body("tenantId", equalTo(a.tenantId().toString()))
                .body("accountId", equalTo(a.accountId().toString()));
        service().queryParam("address", "missing@" + a.domain()).get(ApiPaths.RESOLVE_RECIPIENT)
                .then().statusCode(200)
                .body("domainLocal", equalTo(true))
                .body("tenantId", equalTo(a.tenantId().toString()))
                .body("accountId", nullValue());
        service().queryParam("address", "someone@elsewhere-" + UUID.randomUUID() + ".example")
                .get(ApiPaths.RESOLVE_RECIPIENT)
                .then().statusCode(200).body("domainLocal", equalTo(false))
                .body("tenantId", nullValue()).body("accountId", nullValue());
        service().queryParam("address", "no-at-sign").get(ApiPaths.RESOLVE_RECIPIENT).then().statusCode(400);
        service().get(ApiPaths.RESOLVE_RECIPIENT).then().statusCode(400);
    }

    @Test
    void mailboxLookups() {
        TenantWithAccount a = tenantWithAccount();
        service().get(ApiPaths.MAILBOX, a.accountId(), "inbox").then().statusCode(200)
                .body("name", equalTo("INBOX")).body("uidNext", equalTo(1)).body("messages", equalTo(0));
        service().get(ApiPaths.MAILBOX, a.accountId(), "No such box").then().statusCode(404)
                .body("status", equalTo(404));
        service().get(ApiPaths.MAILBOX, UUID.randomUUID(), "INBOX").then().statusCode(404);
        service().get(ApiPaths.MAILBOX, "not-a-uuid", "INBOX").then().statusCode(404);
        service().get(ApiPaths.MAILBOX_MESSAGES, UUID.randomUUID(), "INBOX").then().statusCode(404);
        service().get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(200)
                .body("size()", equalTo(0));
        service().body(Map.of("uids", new long[] {1})).post(ApiPaths.MAILBOX_DELETE_MESSAGES, UUID.randomUUID(),
                "INBOX").then().statusCode(404);
        service().body(Map.of()).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "INBOX")
                .then().statusCode(400);
    }
}
