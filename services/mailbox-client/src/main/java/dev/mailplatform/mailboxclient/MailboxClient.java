package dev.mailplatform.mailboxclient;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.AuthRequest;
import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.contracts.api.DeleteMessagesRequest;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.MailboxDto;
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

    @Override
    public void close() {
        web.close();
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
