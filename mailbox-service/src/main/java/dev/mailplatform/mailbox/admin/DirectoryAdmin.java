package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.DomainDto;
import dev.mailplatform.contracts.api.TenantDto;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.Paging;
import dev.mailplatform.mailbox.auth.PasswordHasher;
import dev.mailplatform.mailbox.config.PasswordConfig;
import dev.mailplatform.mailbox.db.Database;
import dev.mailplatform.mailbox.db.DatabaseException;
import dev.mailplatform.mailbox.store.Mailboxes;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Tenants, their domains and their accounts. Blocking (JDBC, bcrypt): worker threads only. */
@ApplicationScoped
public class DirectoryAdmin {
    private static final Logger LOG = Logger.getLogger(DirectoryAdmin.class);

    private final Database db;
    private final PasswordHasher hasher;
    private final PasswordConfig passwords;

    public DirectoryAdmin(Database db, PasswordHasher hasher, PasswordConfig passwords) {
        this.db = db;
        this.hasher = hasher;
        this.passwords = passwords;
    }

    public TenantDto createTenant(String rawName) {
        String name = Names.tenantName(rawName);
        UUID id = UUID.randomUUID();
        try {
            db.inTransaction(c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO tenants (id, name) VALUES (?, ?)")) {
                    insert.setObject(1, id);
                    insert.setString(2, name);
                    return insert.executeUpdate();
                }
            });
        } catch (DatabaseException e) {
            throw conflictOr(e, "a tenant named '" + name + "' already exists");
        }
        LOG.infof("created tenant %s (%s)", id, name);
        return new TenantDto(id, name);
    }

    public List<TenantDto> listTenants(Paging paging) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id, name FROM tenants ORDER BY lower(name), id OFFSET ? LIMIT ?")) {
                query.setInt(1, paging.offset());
                query.setInt(2, paging.limit());
                List<TenantDto> tenants = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tenants.add(new TenantDto(rows.getObject(1, UUID.class), rows.getString(2)));
                    }
                }
                return tenants;
            }
        });
    }

    public DomainDto createDomain(UUID tenantId, String rawName) {
        String name = Names.domain(rawName);
        UUID id = UUID.randomUUID();
        try {
            db.inTransaction(c -> {
                requireTenant(c, tenantId);
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO domains (id, tenant_id, name) VALUES (?, ?, ?)")) {
                    insert.setObject(1, id);
                    insert.setObject(2, tenantId);
                    insert.setString(3, name);
                    return insert.executeUpdate();
                }
            });
        } catch (DatabaseException e) {
            // domains are unique platform-wide: MX routing can only send a domain's mail to one tenant
            throw conflictOr(e, "domain '" + name + "' is already registered");
        }
        LOG.infof("created domain %s for tenant %s", name, tenantId);
        return new DomainDto(id, tenantId, name);
    }

    public List<DomainDto> listDomains(UUID tenantId, Paging paging) {
        return db.read(c -> {
            requireTenant(c, tenantId);
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id, name FROM domains WHERE tenant_id = ? ORDER BY lower(name), id OFFSET ? LIMIT ?")) {
                query.setObject(1, tenantId);
                query.setInt(2, paging.offset());
                query.setInt(3, paging.limit());
                List<DomainDto> domains = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        domains.add(new DomainDto(rows.getObject(1, UUID.class), tenantId, rows.getString(2)));
                    }
                }
                return domains;
            }
        });
    }

    public AccountDto createAccount(UUID tenantId, String rawAddress, String password) {
        Names.Address address = Names.address(rawAddress);
        validatePassword(password);
        // hashing takes tens of milliseconds: do it before the transaction, not while holding a connection
        String passwordHash = hasher.hash(password);
        UUID accountId = UUID.randomUUID();
        try {
            db.inTransaction(c -> {
                requireTenant(c, tenantId);
                UUID domainId = tenantDomainId(c, tenantId, address.domain());
                if (domainId == null) {
                    throw ApiException.unprocessable(
                            "domain '" + address.domain() + "' does not belong to tenant " + tenantId);
                }
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO accounts (id, tenant_id, domain_id, address, password_hash, status)
                        VALUES (?, ?, ?, ?, ?, 'active')""")) {
                    insert.setObject(1, accountId);
                    insert.setObject(2, tenantId);
                    insert.setObject(3, domainId);
                    insert.setString(4, address.canonical());
                    insert.setString(5, passwordHash);
                    insert.executeUpdate();
                }
                Mailboxes.create(c, tenantId, accountId, Mailboxes.INBOX);
                return null;
            });
        } catch (DatabaseException e) {
            throw conflictOr(e, "account '" + address.canonical() + "' already exists");
        }
        LOG.infof("created account %s (%s) for tenant %s", accountId, address.canonical(), tenantId);
        return new AccountDto(accountId, tenantId, address.canonical(), "active");
    }

    public List<AccountDto> listAccounts(UUID tenantId, Paging paging) {
        return db.read(c -> {
            requireTenant(c, tenantId);
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT id, address, status FROM accounts WHERE tenant_id = ?
                    ORDER BY lower(address), id OFFSET ? LIMIT ?""")) {
                query.setObject(1, tenantId);
                query.setInt(2, paging.offset());
                query.setInt(3, paging.limit());
                List<AccountDto> accounts = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        accounts.add(new AccountDto(rows.getObject(1, UUID.class), tenantId, rows.getString(2),
                                rows.getString(3)));
                    }
                }
                return accounts;
            }
        });
    }

    private void validatePassword(String password) {
        if (password == null || password.length() < Math.max(1, passwords.minLength())) {
            throw ApiException.badRequest("password must have at least "
                    + Math.max(1, passwords.minLength()) + " characters");
        }
        if (!PasswordHasher.fitsBcrypt(password)) {
            throw ApiException.badRequest("password must be at most " + PasswordHasher.MAX_PASSWORD_BYTES
                    + " bytes in UTF-8");
        }
    }

    private static void requireTenant(Connection c, UUID tenantId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM tenants WHERE id = ?")) {
            query.setObject(1, tenantId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw ApiException.notFound("no tenant " + tenantId);
                }
            }
        }
    }

    private static UUID tenantDomainId(Connection c, UUID tenantId, String domain) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT id FROM domains WHERE tenant_id = ? AND lower(name) = ?")) {
            query.setObject(1, tenantId);
            query.setString(2, domain);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }

    private static RuntimeException conflictOr(DatabaseException e, String conflictMessage) {
        return e.isUniqueViolation() ? ApiException.conflict(conflictMessage) : e;
    }
}
