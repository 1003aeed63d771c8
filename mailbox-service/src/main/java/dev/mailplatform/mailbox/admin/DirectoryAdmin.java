package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.AliasDto;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.mailbox.store.Quotas;
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
    /** Most targets of one alias: an alias is not a mailing list. */
    static final int MAX_ALIAS_TARGETS = 50;
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
                Mailboxes.createDefaults(c, tenantId, accountId);
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

    /** The account if it belongs to the tenant; 404 otherwise, so no tenant learns about another's accounts. */
    public AccountDto account(UUID tenantId, UUID accountId) {
        return db.read(c -> requireAccount(c, tenantId, accountId));
    }

    private static AccountDto requireAccount(Connection c, UUID tenantId, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT address, status FROM accounts WHERE id = ? AND tenant_id = ?")) {
            query.setObject(1, accountId);
            query.setObject(2, tenantId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("no account " + accountId + " in tenant " + tenantId);
                }
                return new AccountDto(accountId, tenantId, row.getString(1), row.getString(2));
            }
        }
    }

    public void resetPassword(UUID tenantId, UUID accountId, String password) {
        validatePassword(password);
        String hash = hasher.hash(password);
        db.inTransaction(c -> {
            requireAccount(c, tenantId, accountId);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET password_hash = ?, updated_at = now() WHERE id = ? AND tenant_id = ?")) {
                update.setString(1, hash);
                update.setObject(2, accountId);
                update.setObject(3, tenantId);
                return update.executeUpdate();
            }
        });
        LOG.infof("password of account %s reset", accountId);
    }

    /** Suspends or reactivates; a suspended account cannot log in and its deliveries fail with 5.2.1. */
    public AccountDto setStatus(UUID tenantId, UUID accountId, String status) {
        if (!"active".equals(status) && !"suspended".equals(status)) {
            throw ApiException.badRequest("status must be 'active' or 'suspended'");
        }
        AccountDto account = db.inTransaction(c -> {
            AccountDto current = requireAccount(c, tenantId, accountId);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET status = ?, updated_at = now() WHERE id = ? AND tenant_id = ?")) {
                update.setString(1, status);
                update.setObject(2, accountId);
                update.setObject(3, tenantId);
                update.executeUpdate();
            }
            return new AccountDto(accountId, tenantId, current.address(), status);
        });
        LOG.infof("account %s is now %s", accountId, status);
        return account;
    }

    public QuotaDto accountQuota(UUID tenantId, UUID accountId) {
        return db.read(c -> {
            requireAccount(c, tenantId, accountId);
            return Quotas.account(c, accountId);
        });
    }

    public QuotaDto setAccountQuota(UUID tenantId, UUID accountId, QuotaDto limits) {
        Long bytes = limit(limits == null ? null : limits.limitBytes(), "limitBytes");
        Long messages = limit(limits == null ? null : limits.limitMessages(), "limitMessages");
        return db.inTransaction(c -> {
            requireAccount(c, tenantId, accountId);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET quota_bytes = ?, quota_messages = ?, updated_at = now() WHERE id = ?")) {
                update.setObject(1, bytes, java.sql.Types.BIGINT);
                update.setObject(2, messages, java.sql.Types.BIGINT);
                update.setObject(3, accountId);
                update.executeUpdate();
            }
            return Quotas.account(c, accountId);
        });
    }

    public QuotaDto tenantQuota(UUID tenantId) {
        return db.read(c -> {
            requireTenant(c, tenantId);
            return Quotas.tenant(c, tenantId);
        });
    }

    public QuotaDto setTenantQuota(UUID tenantId, QuotaDto limits) {
        Long bytes = limit(limits == null ? null : limits.limitBytes(), "limitBytes");
        Long messages = limit(limits == null ? null : limits.limitMessages(), "limitMessages");
        return db.inTransaction(c -> {
            requireTenant(c, tenantId);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE tenants SET quota_bytes = ?, quota_messages = ? WHERE id = ?")) {
                update.setObject(1, bytes, java.sql.Types.BIGINT);
                update.setObject(2, messages, java.sql.Types.BIGINT);
                update.setObject(3, tenantId);
                update.executeUpdate();
            }
            return Quotas.tenant(c, tenantId);
        });
    }

    /** -1 (or absent) is unlimited, stored as NULL. */
    private static Long limit(Long value, String name) {
        if (value == null || value == -1) {
            return null;
        }
        if (value < 0) {
            throw ApiException.badRequest(name + " must be >= 0, or -1 for unlimited");
        }
        return value;
    }

    /** An alias of one of the tenant's domains for accounts of the same tenant (422 for anything else). */
    public AliasDto createAlias(UUID tenantId, String rawAddress, List<String> rawTargets) {
        Names.Address address = Names.address(rawAddress);
        if (rawTargets == null || rawTargets.isEmpty() || rawTargets.size() > MAX_ALIAS_TARGETS) {
            throw ApiException.badRequest("an alias needs 1 to " + MAX_ALIAS_TARGETS + " targets");
        }
        UUID id = UUID.randomUUID();
        try {
            return db.inTransaction(c -> {
                requireTenant(c, tenantId);
                UUID domainId = tenantDomainId(c, tenantId, address.domain());
                if (domainId == null) {
                    throw ApiException.unprocessable(
                            "domain '" + address.domain() + "' does not belong to tenant " + tenantId);
                }
                if (accountIdOf(c, null, address.canonical()) != null) {
                    throw ApiException.conflict("'" + address.canonical() + "' is an account address");
                }
                List<UUID> targets = new ArrayList<>();
                List<String> targetAddresses = new ArrayList<>();
                for (String raw : rawTargets) {
                    Names.Address target = Names.address(raw);
                    UUID accountId = accountIdOf(c, tenantId, target.canonical());
                    if (accountId == null) {
                        throw ApiException.unprocessable("alias target '" + target.canonical()
                                + "' is not an account of tenant " + tenantId);
                    }
                    if (!targets.contains(accountId)) {
                        targets.add(accountId);
                        targetAddresses.add(target.canonical());
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO aliases (id, tenant_id, domain_id, address, account_ids) VALUES (?, ?, ?, ?, ?)""")) {
                    insert.setObject(1, id);
                    insert.setObject(2, tenantId);
                    insert.setObject(3, domainId);
                    insert.setString(4, address.canonical());
                    insert.setArray(5, c.createArrayOf("uuid", targets.toArray()));
                    insert.executeUpdate();
                }
                return new AliasDto(id, tenantId, address.canonical(), targetAddresses);
            });
        } catch (DatabaseException e) {
            throw conflictOr(e, "alias '" + address.canonical() + "' already exists");
        }
    }

    public List<AliasDto> listAliases(UUID tenantId, Paging paging) {
        return db.read(c -> {
            requireTenant(c, tenantId);
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT al.id, al.address,
                        ARRAY(SELECT a.address FROM unnest(al.account_ids) WITH ORDINALITY AS t(id, n)
                              JOIN accounts a ON a.id = t.id AND a.tenant_id = al.tenant_id ORDER BY t.n)
                    FROM aliases al WHERE al.tenant_id = ?
                    ORDER BY lower(al.address), al.id OFFSET ? LIMIT ?""")) {
                query.setObject(1, tenantId);
                query.setInt(2, paging.offset());
                query.setInt(3, paging.limit());
                List<AliasDto> aliases = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        aliases.add(new AliasDto(rows.getObject(1, UUID.class), tenantId, rows.getString(2),
                                List.of((String[]) rows.getArray(3).getArray())));
                    }
                }
                return aliases;
            }
        });
    }

    /** Sets (or with a null target removes) the catch-all account of one of the tenant's domains. */
    public void setCatchAll(UUID tenantId, String rawDomain, String rawTarget) {
        String domain = Names.domain(rawDomain);
        db.inTransaction(c -> {
            requireTenant(c, tenantId);
            UUID domainId = tenantDomainId(c, tenantId, domain);
            if (domainId == null) {
                throw ApiException.notFound("no domain '" + domain + "' in tenant " + tenantId);
            }
            UUID accountId = null;
            if (rawTarget != null && !rawTarget.isBlank()) {
                Names.Address target = Names.address(rawTarget);
                accountId = accountIdOf(c, tenantId, target.canonical());
                if (accountId == null) {
                    throw ApiException.unprocessable("catch-all target '" + target.canonical()
                            + "' is not an account of tenant " + tenantId);
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE domains SET catch_all_account_id = ? WHERE id = ? AND tenant_id = ?")) {
                update.setObject(1, accountId);
                update.setObject(2, domainId);
                update.setObject(3, tenantId);
                return update.executeUpdate();
            }
        });
    }

    /** The account with this address (in {@code tenantId} when it is not null), or null. */
    private static UUID accountIdOf(Connection c, UUID tenantId, String address) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM accounts WHERE lower(address) = lower(?)"
                + (tenantId == null ? "" : " AND tenant_id = ?"))) {
            query.setString(1, address);
            if (tenantId != null) {
                query.setObject(2, tenantId);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1, UUID.class) : null;
            }
        }
    }

    /** The id of the tenant's domain, 404 when the tenant has no such domain. */
    public UUID requireDomain(UUID tenantId, String rawDomain) {
        String domain = Names.domain(rawDomain);
        return db.read(c -> {
            requireTenant(c, tenantId);
            UUID id = tenantDomainId(c, tenantId, domain);
            if (id == null) {
                throw ApiException.notFound("no domain '" + domain + "' in tenant " + tenantId);
            }
            return id;
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
