package dev.mailplatform.contracts.api;

/**
 * Paths of the mailbox-service REST API. Admin endpoints take the admin token, gateway endpoints the service token,
 * both as {@code Authorization: Bearer <token>}.
 */
public final class ApiPaths {
    public static final String BASE = "/api/v1";

    // admin
    public static final String TENANTS = BASE + "/tenants";
    public static final String TENANT_DOMAINS = BASE + "/tenants/{tenantId}/domains";
    public static final String TENANT_ACCOUNTS = BASE + "/tenants/{tenantId}/accounts";

    /** POST CreateDkimKeyRequest -> DkimKeyDto (no private key); GET -> the active key. */
    public static final String TENANT_DOMAIN_DKIM = BASE + "/tenants/{tenantId}/domains/{domain}/dkim";

    // for the gateways and the delivery worker
    /** GET -> DkimKeyDto with the private key, 404 when the domain signs nothing. */
    public static final String DKIM_SIGNING_KEY = BASE + "/dkim/{domain}";
    public static final String AUTHENTICATE = BASE + "/auth";
    public static final String RESOLVE_RECIPIENT = BASE + "/directory/resolve"; // ?address=
    public static final String MAILBOX = BASE + "/accounts/{accountId}/mailboxes/{mailbox}";
    public static final String MAILBOX_MESSAGES = MAILBOX + "/messages";
    public static final String MAILBOX_DELETE_MESSAGES = MAILBOX + "/messages/delete";

    private ApiPaths() {
    }
}
