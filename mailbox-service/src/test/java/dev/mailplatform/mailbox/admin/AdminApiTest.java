package dev.mailplatform.mailbox.admin;

import static dev.mailplatform.mailbox.Fixtures.admin;
import static dev.mailplatform.mailbox.Fixtures.createAccount;
import static dev.mailplatform.mailbox.Fixtures.createDomain;
import static dev.mailplatform.mailbox.Fixtures.createTenant;
import static dev.mailplatform.mailbox.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class AdminApiTest {

    @Test
    void createsAndListsTenants() {
        String name = unique("Acme");
        String id = admin().body(Map.of("name", "  " + name + " ")).post(ApiPaths.TENANTS)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/"))
                .body("name", equalTo(name)).body("id", notNullValue())
                .extract().path("id");
        admin().queryParam("limit", 1000).get(ApiPaths.TENANTS)
                .then().statusCode(200).body("id", hasItem(id)).body("name", hasItem(name));
    }

    @Test
    void duplicateTenantNameIsConflictCaseInsensitively() {
        String name = unique("dup");
        admin().body(Map.of("name", name)).post(ApiPaths.TENANTS).then().statusCode(201);
        admin().body(Map.of("name", name.toUpperCase())).post(ApiPaths.TENANTS)
                .then().statusCode(409).body("status", equalTo(409)).body("error", equalTo("conflict"));
    }

    @Test
    void badTenantInputIs400WithApiError() {
        admin().body(Map.of("name", "   ")).post(ApiPaths.TENANTS)
                .then().statusCode(400).body("status", equalTo(400)).body("message", containsString("empty"));
        admin().body("{}").post(ApiPaths.TENANTS).then().statusCode(400);
        admin().post(ApiPaths.TENANTS).then().statusCode(400).body("status", equalTo(400));
        admin().body("{not json").post(ApiPaths.TENANTS)
                .then().statusCode(400).body("status", equalTo(400))
                .body(not(containsString("Exception"))).body(not(containsString("at dev.")));
        admin().body("{\"name\": [1,2]}").post(ApiPaths.TENANTS).then().statusCode(400).body("status", equalTo(400));
    }

    @Test
    void adminPathsNeedTheAdminToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", unique("x"))).post(ApiPaths.TENANTS)
                .then().statusCode(401).body("status", equalTo(401)).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get(ApiPaths.TENANTS).then().statusCode(401);
        // the gateways' credential is not an admin credential
        Fixtures.service().get(ApiPaths.TENANTS).then().statusCode(401);
        given().header("Authorization", "Basic " + InfrastructureTestResource.ADMIN_TOKEN)
                .get(ApiPaths.TENANTS).then().statusCode(401);
        given().header("Authorization", "Bearer " + InfrastructureTestResource.ADMIN_TOKEN + "x")
                .get(ApiPaths.TENANT_ACCOUNTS, UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void pagingIsValidatedAndApplied() {
        for (int i = 0; i < 3; i++) {
            createTenant();
        }
        List<String> firstTwo = admin().queryParam("offset", 0).queryParam("limit", 2).get(ApiPaths.TENANTS)
                .then().statusCode(200).extract().jsonPath().getList("id");
        List<String> nextTwo = admin().queryParam("offset", 1).queryParam("limit", 2).get(ApiPaths.TENANTS)
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(firstTwo).hasSize(2);
        assertThat(nextTwo).hasSize(2);
        assertThat(nextTwo.get(0)).isEqualTo(firstTwo.get(1));
        admin().queryParam("limit", 0).get(ApiPaths.TENANTS).then().statusCode(400);
        admin().queryParam("limit", 100_000).get(ApiPaths.TENANTS).then().statusCode(400);
        admin().queryParam("offset", -1).get(ApiPaths.TENANTS).then().statusCode(400);
        admin().queryParam("offset", "abc").get(ApiPaths.TENANTS).then().statusCode(400);
    }

    @Test
    void createsAndListsDomains() {
        UUID tenantId = createTenant();
        String domain = unique("Mixed") + ".Example";
        admin().body(Map.of("name", domain)).post(ApiPaths.TENANT_DOMAINS, tenantId)
                .then().statusCode(201)
                .body("name", equalTo(domain.toLowerCase())).body("tenantId", equalTo(tenantId.toString()));
        admin().get(ApiPaths.TENANT_DOMAINS, tenantId)
                .then().statusCode(200).body("name", equalTo(List.of(domain.toLowerCase())));
    }

    @Test
    void domainErrors() {
        UUID tenantId = createTenant();
        String domain = createDomain(tenantId);
        // a domain belongs to one tenant platform-wide, whatever the case
        admin().body(Map.of("name", domain.toUpperCase())).post(ApiPaths.TENANT_DOMAINS, createTenant())
                .then().statusCode(409).body("error", equalTo("conflict"));
        admin().body(Map.of("name", "not a domain")).post(ApiPaths.TENANT_DOMAINS, tenantId)
                .then().statusCode(400);
        admin().body(Map.of("name", "")).post(ApiPaths.TENANT_DOMAINS, tenantId).then().statusCode(400);
        admin().body(Map.of("name", unique("x") + ".example")).post(ApiPaths.TENANT_DOMAINS, UUID.randomUUID())
                .then().statusCode(404).body("status", equalTo(404));
        admin().body(Map.of("name", unique("x") + ".example")).post(ApiPaths.TENANT_DOMAINS, "not-a-uuid")
                .then().statusCode(404);
        admin().get(ApiPaths.TENANT_DOMAINS, UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void createsAccountWithInbox() {
        UUID tenantId = createTenant();
        String domain = createDomain(tenantId);
        AccountDto account = createAccount(tenantId, "Alice@" + domain.toUpperCase(), "correct horse");
        assertThat(account.address()).isEqualTo("Alice@" + domain);
        assertThat(account.tenantId()).isEqualTo(tenantId);
        assertThat(account.status()).isEqualTo("active");

        MailboxDto inbox = Json.fromBytes(Fixtures.service().get(ApiPaths.MAILBOX, account.id(), "INBOX")
                .then().statusCode(200).extract().asByteArray(), MailboxDto.class);
        assertThat(inbox.name()).isEqualTo("INBOX");
        assertThat(inbox.uidNext()).isEqualTo(1);
        assertThat(inbox.uidValidity()).isBetween(1L, (long) Integer.MAX_VALUE);
        assertThat(inbox.messages()).isZero();
        assertThat(inbox.unseen()).isZero();

        admin().get(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(200)
                .body("id", equalTo(List.of(account.id().toString())))
                .body("address", equalTo(List.of("Alice@" + domain)))
                .body(not(containsString("password")));
    }

    @Test
    void accountErrors() {
        UUID tenantId = createTenant();
        String domain = createDomain(tenantId);
        createAccount(tenantId, "bob@" + domain, "pw");
        admin().body(Map.of("address", "BOB@" + domain, "password", "other"))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(409);
        admin().body(Map.of("address", "carol@unknown-" + domain, "password", "pw"))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(422).body("status", equalTo(422));
        admin().body(Map.of("address", "not-an-address", "password", "pw"))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(400);
        admin().body(Map.of("address", "dave@" + domain, "password", ""))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(400);
        admin().body(Map.of("address", "dave@" + domain, "password", "p".repeat(73)))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(400);
        admin().body(Map.of("address", "dave@" + domain)).post(ApiPaths.TENANT_ACCOUNTS, tenantId)
                .then().statusCode(400);
        admin().body(Map.of("address", "dave@" + domain, "password", "pw"))
                .post(ApiPaths.TENANT_ACCOUNTS, UUID.randomUUID()).then().statusCode(404);
        admin().get(ApiPaths.TENANT_ACCOUNTS, UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void tenantsAreIsolated() {
        UUID tenantA = createTenant();
        String domainA = createDomain(tenantA);
        AccountDto accountA = createAccount(tenantA, "a@" + domainA, "pw");
        UUID tenantB = createTenant();
        String domainB = createDomain(tenantB);

        // B cannot create accounts in A's domain
        admin().body(Map.of("address", "intruder@" + domainA, "password", "pw"))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantB).then().statusCode(422);
        // B's lists show nothing of A
        admin().get(ApiPaths.TENANT_ACCOUNTS, tenantB).then().statusCode(200)
                .body("id", not(hasItem(accountA.id().toString()))).body("size()", equalTo(0));
        admin().get(ApiPaths.TENANT_DOMAINS, tenantB).then().statusCode(200)
                .body("name", equalTo(List.of(domainB)));
        admin().get(ApiPaths.TENANT_ACCOUNTS, tenantA).then().statusCode(200)
                .body("id", equalTo(List.of(accountA.id().toString())));
    }
}
