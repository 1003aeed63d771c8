package dev.mailplatform.mailbox.directory;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.RecipientResolution;
import dev.mailplatform.mailbox.admin.Names;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Database;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * "Is this address ours?" for SMTP RCPT TO and the delivery worker (service token). Case-insensitive. Order: an account
 * address, then an alias (its first target), then the domain's catch-all.
 */
@Path(ApiPaths.RESOLVE_RECIPIENT)
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {
    private final Database db;

    public DirectoryResource(Database db) {
        this.db = db;
    }

    @GET
    public RecipientResolution resolve(@QueryParam("address") String rawAddress) {
        if (rawAddress == null || rawAddress.isBlank()) {
            throw ApiException.badRequest("query parameter 'address' is required");
        }
        Names.Address address = Names.parseAddress(rawAddress.strip());
        if (address == null) {
            throw ApiException.badRequest("not a valid mail address: " + rawAddress.strip());
        }
        return db.read(c -> {
            UUID tenantId;
            try (PreparedStatement query = c.prepareStatement("SELECT tenant_id FROM domains WHERE lower(name) = ?")) {
                query.setString(1, address.domain());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return new RecipientResolution(address.canonical(), false, null, null);
                    }
                    tenantId = row.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id, address FROM accounts WHERE tenant_id = ? AND lower(address) = lower(?)")) {
                query.setObject(1, tenantId);
                query.setString(2, address.canonical());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return new RecipientResolution(row.getString(2), true, tenantId, row.getObject(1, UUID.class));
                    }
                }
            }
            // an alias resolves to its first target: the contract carries one account per address
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT account_ids[1] FROM aliases WHERE tenant_id = ? AND lower(address) = lower(?)""")) {
                query.setObject(1, tenantId);
                query.setString(2, address.canonical());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && row.getObject(1) != null) {
                        return new RecipientResolution(address.canonical(), true, tenantId,
                                row.getObject(1, UUID.class));
                    }
                }
            }
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT catch_all_account_id FROM domains WHERE tenant_id = ? AND lower(name) = ?")) {
                query.setObject(1, tenantId);
                query.setString(2, address.domain());
                try (ResultSet row = query.executeQuery()) {
                    UUID catchAll = row.next() ? row.getObject(1, UUID.class) : null;
                    return new RecipientResolution(address.canonical(), true, tenantId, catchAll);
                }
            }
        });
    }
}
