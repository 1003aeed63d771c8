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

    /** GET/PUT QuotaDto (limits only on PUT) of one account. */
    public static final String TENANT_ACCOUNT_QUOTA = BASE + "/tenants/{tenantId}/accounts/{accountId}/quota";
    /** PUT PasswordRequest. */
    public static final String TENANT_ACCOUNT_PASSWORD = BASE + "/tenants/{tenantId}/accounts/{accountId}/password";
    /** PUT StatusRequest (suspend / reactivate). */
    public static final String TENANT_ACCOUNT_STATUS = BASE + "/tenants/{tenantId}/accounts/{accountId}/status";
    /** GET/PUT QuotaDto of the whole tenant. */
    public static final String TENANT_QUOTA = BASE + "/tenants/{tenantId}/quota";
    /** POST CreateAliasRequest -> AliasDto; GET -> list. */
    public static final String TENANT_ALIASES = BASE + "/tenants/{tenantId}/aliases";
    /** PUT CatchAllRequest. */
    public static final String TENANT_DOMAIN_CATCH_ALL = BASE + "/tenants/{tenantId}/domains/{domain}/catch-all";
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

    /** GET ?pattern=&subscribed=true -> [MailboxDto]; POST CreateMailboxRequest -> 201 MailboxDto (409 if it exists). */
    public static final String MAILBOXES = BASE + "/accounts/{accountId}/mailboxes";
    /** DELETE MAILBOX -> 204. POST RenameMailboxRequest -> MailboxDto. */
    public static final String MAILBOX_RENAME = MAILBOX + "/rename";
    /** PUT -> subscribe, DELETE -> unsubscribe (204). */
    public static final String MAILBOX_SUBSCRIPTION = MAILBOX + "/subscription";
    /**
     * GET MAILBOX_MESSAGES accepts ?uids=<set>&include=envelope,bodystructure (default: neither);
     * POST AppendRequest -> 201 AppendResult (413 over quota).
     */
    public static final String MAILBOX_FLAGS = MAILBOX + "/messages/flags"; // POST StoreFlagsRequest
    public static final String MAILBOX_COPY = MAILBOX + "/messages/copy"; // POST CopyMessagesRequest
    public static final String MAILBOX_MOVE = MAILBOX + "/messages/move"; // POST CopyMessagesRequest
    public static final String MAILBOX_EXPUNGE = MAILBOX + "/messages/expunge"; // POST ExpungeRequest
    public static final String MAILBOX_SEARCH = MAILBOX + "/search"; // POST SearchRequest -> SearchResult
    public static final String MAILBOX_CHANGES = MAILBOX + "/changes"; // GET ?sinceModseq= -> ChangesResult
    public static final String MAILBOX_SELECTION = MAILBOX + "/selection"; // GET -> MailboxSelection (IMAP SELECT)
    public static final String ACCOUNT_QUOTA = BASE + "/accounts/{accountId}/quota"; // GET QuotaDto
    /** POST LeaseRequest -> 200 LeaseDto | 409 held by another session; DELETE ?holder= releases. */
    public static final String ACCOUNT_POP3_LEASE = BASE + "/accounts/{accountId}/pop3-lease";

    private ApiPaths() {
    }
}
