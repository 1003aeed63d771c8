package dev.mailplatform.mailboxclient;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.AppendRequest;
import dev.mailplatform.contracts.api.AppendResult;
import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.CopyMessagesRequest;
import dev.mailplatform.contracts.api.CopyMessagesResult;
import dev.mailplatform.contracts.api.CreateMailboxRequest;
import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.contracts.api.ExpungeRequest;
import dev.mailplatform.contracts.api.LeaseDto;
import dev.mailplatform.contracts.api.LeaseRequest;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.contracts.api.RenameMailboxRequest;
import dev.mailplatform.contracts.api.SearchRequest;
import dev.mailplatform.contracts.api.SearchResult;
import dev.mailplatform.contracts.api.StoreFlagsRequest;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.contracts.api.AuthRequest;
import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.DeleteMessagesRequest;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MailboxSelection;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.RecipientResolution;
import com.fasterxml.jackson.core.type.TypeReference;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Non-blocking client of the mailbox-service REST API for the gateways: every call returns a Vert.x {@link Future}
 * completed on the caller's context, so it is safe to use from an event loop.
 */
public final class MailboxClient implements AutoCloseable {
    private static final TypeReference<List<MessageDto>> MESSAGE_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<MailboxDto>> MAILBOX_LIST = new TypeReference<>() {
    };

    private final WebClient web;
    private final String authorization;
    private final String basePath;

    public MailboxClient(Vertx vertx, String baseUrl, String serviceToken) {
        URI uri = URI.create(baseUrl);
        WebClientOptions options = new WebClientOptions()
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80))
                .setSsl("https".equals(uri.getScheme()))
                .setConnectTimeout(5_000)
                .setKeepAlive(true)
                .setMaxPoolSize(32);
        this.web = WebClient.create(vertx, options);
        this.authorization = "Bearer " + serviceToken;
        this.basePath = uri.getPath() == null || uri.getPath().equals("/") ? "" : uri.getPath();
    }

    /** The account for these credentials, or empty when they are wrong (or the account is locked or suspended). */
    public Future<Optional<AuthResult>> authenticate(String username, String password, String remoteAddress) {
        return send(HttpMethod.POST, ApiPaths.AUTHENTICATE, new AuthRequest(username, password, remoteAddress))
                .map(resp -> switch (resp.statusCode()) {
                    case 200 -> Optional.of(read(resp, AuthResult.class));
                    case 401, 403, 429 -> Optional.<AuthResult>empty();
                    default -> throw failure(resp);
                });
    }

    public Future<RecipientResolution> resolveRecipient(String address) {
        return send(HttpMethod.GET, ApiPaths.RESOLVE_RECIPIENT + "?address=" + encode(address), null)
                .map(resp -> expect(resp, RecipientResolution.class));
    }

    public Future<MailboxDto> mailbox(UUID accountId, String mailbox) {
        return send(HttpMethod.GET, mailboxPath(ApiPaths.MAILBOX, accountId, mailbox), null)
                .map(resp -> expect(resp, MailboxDto.class));
    }

    /** What SELECT needs: the mailbox's UID state and all its messages, in one request. */
    public Future<MailboxSelection> selection(UUID accountId, String mailbox) {
        return send(HttpMethod.GET, mailboxPath(ApiPaths.MAILBOX_SELECTION, accountId, mailbox), null)
                .map(resp -> expect(resp, MailboxSelection.class));
    }

    /** All messages of the mailbox in ascending UID order. */
    public Future<List<MessageDto>> messages(UUID accountId, String mailbox) {
        return send(HttpMethod.GET, mailboxPath(ApiPaths.MAILBOX_MESSAGES, accountId, mailbox), null)
                .map(resp -> {
                    if (resp.statusCode() != 200) {
                        throw failure(resp);
                    }
                    try {
                        return Json.MAPPER.readValue(resp.bodyAsBuffer().getBytes(), MESSAGE_LIST);
                    } catch (IOException e) {
                        throw new MailboxServiceException(502, "unreadable answer from the mailbox service", e);
                    }
                });
    }

    public Future<DeleteMessagesResult> deleteMessages(UUID accountId, String mailbox, List<Long> uids) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_DELETE_MESSAGES, accountId, mailbox),
                new DeleteMessagesRequest(uids))
                .map(resp -> expect(resp, DeleteMessagesResult.class));
    }

    /** Mailboxes of the account; {@code pattern} is an IMAP LIST pattern ("*", "%", "Archive/%") or null for all. */
    public Future<List<MailboxDto>> mailboxes(UUID accountId, String pattern, boolean subscribedOnly) {
        StringBuilder query = new StringBuilder("?subscribed=").append(subscribedOnly);
        if (pattern != null) {
            query.append("&pattern=").append(encode(pattern));
        }
        return send(HttpMethod.GET, accountPath(ApiPaths.MAILBOXES, accountId) + query, null)
                .map(resp -> expectList(resp, MAILBOX_LIST));
    }

    public Future<MailboxDto> createMailbox(UUID accountId, String name, String specialUse) {
        return send(HttpMethod.POST, accountPath(ApiPaths.MAILBOXES, accountId),
                new CreateMailboxRequest(name, specialUse)).map(resp -> expect(resp, MailboxDto.class));
    }

    public Future<Void> deleteMailbox(UUID accountId, String mailbox) {
        return send(HttpMethod.DELETE, mailboxPath(ApiPaths.MAILBOX, accountId, mailbox), null)
                .map(resp -> expectEmpty(resp));
    }

    public Future<MailboxDto> renameMailbox(UUID accountId, String mailbox, String newName) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_RENAME, accountId, mailbox),
                new RenameMailboxRequest(newName)).map(resp -> expect(resp, MailboxDto.class));
    }

    public Future<Void> subscribe(UUID accountId, String mailbox, boolean subscribed) {
        return send(subscribed ? HttpMethod.PUT : HttpMethod.DELETE,
                mailboxPath(ApiPaths.MAILBOX_SUBSCRIPTION, accountId, mailbox), null).map(resp -> expectEmpty(resp));
    }

    /**
     * Messages of a UID set ("1:*" for all) with ENVELOPE and BODYSTRUCTURE when asked for, ascending by UID.
     */
    public Future<List<MessageDto>> messages(UUID accountId, String mailbox, String uidSet, boolean envelope,
            boolean bodyStructure) {
        StringBuilder query = new StringBuilder("?uids=").append(encode(uidSet == null ? "1:*" : uidSet));
        if (envelope || bodyStructure) {
            query.append("&include=").append(envelope && bodyStructure ? "envelope,bodystructure"
                    : envelope ? "envelope" : "bodystructure");
        }
        return send(HttpMethod.GET, mailboxPath(ApiPaths.MAILBOX_MESSAGES, accountId, mailbox) + query, null)
                .map(resp -> expectList(resp, MESSAGE_LIST));
    }

    public Future<StoreFlagsResult> storeFlags(UUID accountId, String mailbox, StoreFlagsRequest request) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_FLAGS, accountId, mailbox), request)
                .map(resp -> expect(resp, StoreFlagsResult.class));
    }

    public Future<CopyMessagesResult> copy(UUID accountId, String mailbox, String uidSet, String target) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_COPY, accountId, mailbox),
                new CopyMessagesRequest(uidSet, target)).map(resp -> expect(resp, CopyMessagesResult.class));
    }

    public Future<CopyMessagesResult> move(UUID accountId, String mailbox, String uidSet, String target) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_MOVE, accountId, mailbox),
                new CopyMessagesRequest(uidSet, target)).map(resp -> expect(resp, CopyMessagesResult.class));
    }

    /** EXPUNGE ({@code uidSet} null: every \Deleted message) or UID EXPUNGE. */
    public Future<DeleteMessagesResult> expunge(UUID accountId, String mailbox, String uidSet) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_EXPUNGE, accountId, mailbox),
                new ExpungeRequest(uidSet)).map(resp -> expect(resp, DeleteMessagesResult.class));
    }

    /** APPEND of a body already stored in S3; fails with status 413 when over quota. */
    public Future<AppendResult> append(UUID accountId, String mailbox, AppendRequest request) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_MESSAGES, accountId, mailbox), request)
                .map(resp -> expect(resp, AppendResult.class));
    }

    public Future<SearchResult> search(UUID accountId, String mailbox, SearchRequest request) {
        return send(HttpMethod.POST, mailboxPath(ApiPaths.MAILBOX_SEARCH, accountId, mailbox), request)
                .map(resp -> expect(resp, SearchResult.class));
    }

    public Future<ChangesResult> changes(UUID accountId, String mailbox, long sinceModseq) {
        return send(HttpMethod.GET, mailboxPath(ApiPaths.MAILBOX_CHANGES, accountId, mailbox) + "?sinceModseq="
                + sinceModseq, null).map(resp -> expect(resp, ChangesResult.class));
    }

    public Future<QuotaDto> quota(UUID accountId) {
        return send(HttpMethod.GET, accountPath(ApiPaths.ACCOUNT_QUOTA, accountId), null)
                .map(resp -> expect(resp, QuotaDto.class));
    }

    /** Takes or renews the POP3 lease; empty when another session holds it ([IN-USE]). */
    public Future<Optional<LeaseDto>> acquirePop3Lease(UUID accountId, String holder, long ttlSeconds) {
        return send(HttpMethod.POST, accountPath(ApiPaths.ACCOUNT_POP3_LEASE, accountId),
                new LeaseRequest(holder, ttlSeconds)).map(resp -> {
                    if (resp.statusCode() == 409) {
                        return Optional.<LeaseDto>empty();
                    }
                    return Optional.of(expect(resp, LeaseDto.class));
                });
    }

    public Future<Void> releasePop3Lease(UUID accountId, String holder) {
        return send(HttpMethod.DELETE, accountPath(ApiPaths.ACCOUNT_POP3_LEASE, accountId) + "?holder="
                + encode(holder), null).map(resp -> expectEmpty(resp));
    }

    /** The domain's DKIM signing key, or empty when the domain signs nothing. */
    public Future<Optional<DkimKeyDto>> dkimSigningKey(String domain) {
        return send(HttpMethod.GET, ApiPaths.DKIM_SIGNING_KEY.replace("{domain}", encodePath(domain)), null)
                .map(resp -> resp.statusCode() == 404 ? Optional.<DkimKeyDto>empty()
                        : Optional.of(expect(resp, DkimKeyDto.class)));
    }

    @Override
    public void close() {
        web.close();
    }

    private static String accountPath(String template, UUID accountId) {
        return template.replace("{accountId}", accountId.toString());
    }

    private static Void expectEmpty(HttpResponse<Buffer> resp) {
        if (resp.statusCode() / 100 != 2) {
            throw failure(resp);
        }
        return null;
    }

    private static <T> List<T> expectList(HttpResponse<Buffer> resp, TypeReference<List<T>> type) {
        if (resp.statusCode() != 200) {
            throw failure(resp);
        }
        try {
            return Json.MAPPER.readValue(resp.bodyAsBuffer().getBytes(), type);
        } catch (IOException e) {
            throw new MailboxServiceException(502, "unreadable answer from the mailbox service", e);
        }
    }

    private String mailboxPath(String template, UUID accountId, String mailbox) {
        return template.replace("{accountId}", accountId.toString()).replace("{mailbox}", encodePath(mailbox));
    }

    private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Object body) {
        HttpRequest<Buffer> request = web.request(method, basePath + path)
                .putHeader("Authorization", authorization)
                .putHeader("Accept", "application/json")
                .timeout(10_000);
        Future<HttpResponse<Buffer>> sent;
        if (body == null) {
            sent = request.send();
        } else {
            sent = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Json.toBytes(body)));
        }
        return sent.recover(e -> Future.failedFuture(
                new MailboxServiceException(0, "mailbox service unreachable: " + e.getMessage(), e)));
    }

    private static <T> T expect(HttpResponse<Buffer> resp, Class<T> type) {
        if (resp.statusCode() / 100 != 2) {
            throw failure(resp);
        }
        return read(resp, type);
    }

    private static <T> T read(HttpResponse<Buffer> resp, Class<T> type) {
        try {
            return Json.MAPPER.readValue(resp.bodyAsBuffer().getBytes(), type);
        } catch (IOException | RuntimeException e) {
            throw new MailboxServiceException(502, "unreadable answer from the mailbox service", e);
        }
    }

    private static MailboxServiceException failure(HttpResponse<Buffer> resp) {
        String body = resp.bodyAsString();
        return new MailboxServiceException(resp.statusCode(),
                "mailbox service answered " + resp.statusCode() + (body == null ? "" : ": " + body), null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
