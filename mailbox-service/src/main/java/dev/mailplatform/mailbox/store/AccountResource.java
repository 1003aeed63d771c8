package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.LeaseDto;
import dev.mailplatform.contracts.api.LeaseRequest;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.PathIds;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.Database;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Account-level state for the gateways (service token): quota usage (RFC 9208) and the POP3 maildrop lease. */
@Path(ApiPaths.BASE + "/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {
    /** Longest lease holder id: it is a gateway session id, not free text. */
    private static final int MAX_HOLDER = 200;

    private final Database db;
    private final MailboxServiceConfig config;

    public AccountResource(Database db, MailboxServiceConfig config) {
        this.db = db;
        this.config = config;
    }

    @GET
    @Path("quota")
    public QuotaDto quota(@PathParam("accountId") String accountId) {
        UUID account = PathIds.account(accountId);
        QuotaDto quota = db.read(c -> Quotas.account(c, account));
        if (quota == null) {
            throw ApiException.notFound("no account " + accountId);
        }
        return quota;
    }

    /**
     * RFC 1939 §8: the maildrop is locked for one POP3 session. Takes the lease when it is free or expired, renews it
     * for the same holder, 409 while another live holder has it.
     */
    @POST
    @Path("pop3-lease")
    public LeaseDto acquire(@PathParam("accountId") String accountId, LeaseRequest request) {
        UUID account = PathIds.account(accountId);
        if (request == null || request.holder() == null || request.holder().isBlank()
                || request.holder().length() > MAX_HOLDER) {
            throw ApiException.badRequest("'holder' is required (at most " + MAX_HOLDER + " characters)");
        }
        long maxTtl = config.leases().maxTtl().toSeconds();
        if (request.ttlSeconds() < 1 || request.ttlSeconds() > maxTtl) {
            throw ApiException.badRequest("ttlSeconds must be between 1 and " + maxTtl);
        }
        Instant expires = Instant.now().plusSeconds(request.ttlSeconds());
        LeaseDto lease = db.inTransaction(c -> {
            MailboxStore.requireAccount(c, account);
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO pop3_leases (account_id, holder, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE pop3_leases.holder = excluded.holder OR pop3_leases.expires_at <= now()
                    RETURNING holder, expires_at""")) {
                upsert.setObject(1, account);
                upsert.setString(2, request.holder());
                upsert.setTimestamp(3, Timestamp.from(expires));
                try (ResultSet row = upsert.executeQuery()) {
                    return row.next() ? new LeaseDto(row.getString(1), row.getTimestamp(2).toInstant()) : null;
                }
            }
        });
        if (lease == null) {
            throw ApiException.conflict("the maildrop is locked by another session");
        }
        return lease;
    }

    /** Releases the lease if {@code holder} has it; idempotent (204 either way). */
    @DELETE
    @Path("pop3-lease")
    public Response release(@PathParam("accountId") String accountId, @QueryParam("holder") String holder) {
        UUID account = PathIds.account(accountId);
        if (holder == null || holder.isBlank()) {
            throw ApiException.badRequest("query parameter 'holder' is required");
        }
        db.inTransaction(c -> {
            MailboxStore.requireAccount(c, account);
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM pop3_leases WHERE account_id = ? AND holder = ?")) {
                delete.setObject(1, account);
                delete.setString(2, holder);
                return delete.executeUpdate();
            }
        });
        return Response.noContent().build();
    }
}
