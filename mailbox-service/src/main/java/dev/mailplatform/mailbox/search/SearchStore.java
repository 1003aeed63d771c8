package dev.mailplatform.mailbox.search;

import dev.mailplatform.contracts.api.SearchRequest;
import dev.mailplatform.contracts.api.SearchResult;
import dev.mailplatform.contracts.api.SearchResult.ThreadNode;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.Database;
import dev.mailplatform.mailbox.store.MailboxStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * SEARCH (RFC 9051 §6.4.4), SORT and THREAD (RFC 5256) over one mailbox, answered from the database only. The mailbox
 * id in the WHERE clause comes from the account's own mailbox row, so a search never sees another account's messages.
 */
@ApplicationScoped
public class SearchStore {
    private final Database db;
    private final int maxResults;

    public SearchStore(Database db, MailboxServiceConfig config) {
        this.db = db;
        this.maxResults = config.maxSearchResults();
    }

    public SearchResult search(UUID accountId, String mailbox, SearchRequest request) {
        List<String> sortKeys = sortExpressions(request.sort());
        String thread = request.thread() == null ? null : request.thread().toUpperCase(Locale.ROOT);
        if (thread != null && !thread.equals("REFERENCES") && !thread.equals("ORDEREDSUBJECT")) {
            throw ApiException.badRequest("thread must be REFERENCES or ORDEREDSUBJECT");
        }
        return db.read(c -> {
            MailboxStore.MailboxInfo box = MailboxStore.mailboxInfo(c, accountId, mailbox);
            SearchSql where = SearchSql.of(request.criteria(), () -> maxUid(c, box.id()));
            boolean join = where.needsBlob() || !sortKeys.isEmpty() || thread != null;
            StringBuilder sql = new StringBuilder("SELECT m.uid");
            if (thread != null) {
                sql.append(", b.hdr_message_id, b.hdr_in_reply_to, b.hdr_references,"
                        + " coalesce(b.sent_at, m.internal_date), b.base_subject");
            }
            sql.append(" FROM messages m");
            if (join) {
                sql.append(" LEFT JOIN blobs b ON b.tenant_id = m.tenant_id AND b.blob_key = m.blob_key");
            }
            sql.append(" WHERE m.mailbox_id = ? AND (").append(where.condition()).append(")");
            sql.append(" ORDER BY ");
            for (String key : sortKeys) {
                sql.append(key).append(", ");
            }
            sql.append("m.uid LIMIT ?");
            List<Long> uids = new ArrayList<>();
            List<Threader.Message> threadInput = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(sql.toString())) {
                query.setObject(1, box.id());
                int next = where.bind(query, 2, c);
                query.setInt(next, maxResults + 1);
                query.setFetchSize(1000);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        uids.add(row.getLong(1));
                        if (thread != null) {
                            threadInput.add(new Threader.Message(row.getLong(1), row.getString(2), row.getString(3),
                                    row.getString(4), row.getTimestamp(5).toInstant(), row.getString(6)));
                        }
                    }
                }
            }
            if (uids.size() > maxResults) {
                throw ApiException.unprocessable("more than " + maxResults + " matches; narrow the search");
            }
            List<ThreadNode> threads = thread == null ? null
                    : thread.equals("REFERENCES") ? Threader.references(threadInput)
                            : Threader.orderedSubject(threadInput);
            return new SearchResult(uids, threads, box.highestModseq());
        });
    }

    private static long maxUid(Connection c, UUID mailboxId) {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT coalesce(max(uid), 0) FROM messages WHERE mailbox_id = ?")) {
            query.setObject(1, mailboxId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new dev.mailplatform.mailbox.db.DatabaseException(e);
        }
    }

    /** RFC 5256 §3 sort criteria as ORDER BY expressions; strings compare as i;ascii-casemap (stored lower-cased). */
    static List<String> sortExpressions(List<String> criteria) {
        List<String> out = new ArrayList<>();
        if (criteria == null) {
            return out;
        }
        for (String raw : criteria) {
            if (raw == null) {
                throw ApiException.badRequest("empty sort criterion");
            }
            String criterion = raw.strip().toUpperCase(Locale.ROOT);
            boolean reverse = criterion.startsWith("REVERSE ");
            if (reverse) {
                criterion = criterion.substring("REVERSE ".length()).strip();
            }
            String expression = switch (criterion) {
                case "ARRIVAL" -> "m.internal_date";
                case "DATE" -> "coalesce(b.sent_at, m.internal_date)";
                case "SIZE" -> "m.size";
                case "SUBJECT" -> "coalesce(b.base_subject, '') COLLATE \"C\"";
                case "FROM" -> "coalesce(b.sort_from, '') COLLATE \"C\"";
                case "TO" -> "coalesce(b.sort_to, '') COLLATE \"C\"";
                case "CC" -> "coalesce(b.sort_cc, '') COLLATE \"C\"";
                default -> throw ApiException.badRequest("unknown sort criterion " + raw);
            };
            out.add(expression + (reverse ? " DESC" : " ASC"));
        }
        return out;
    }
}
