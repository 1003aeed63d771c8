package dev.mailplatform.mailbox.store;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.contracts.api.AppendRequest;
import dev.mailplatform.contracts.api.AppendResult;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.CopyMessagesRequest;
import dev.mailplatform.contracts.api.CopyMessagesResult;
import dev.mailplatform.contracts.api.DeleteMessagesRequest;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.ExpungeRequest;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MailboxSelection;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.RenameMailboxRequest;
import dev.mailplatform.contracts.api.SearchRequest;
import dev.mailplatform.contracts.api.SearchResult;
import dev.mailplatform.contracts.api.StoreFlagsRequest;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.OnWorker;
import dev.mailplatform.mailbox.api.PathIds;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.events.MailboxEventPublisher;
import dev.mailplatform.mailbox.mime.MessageContent;
import dev.mailplatform.mailbox.mime.ParsedMessage;
import dev.mailplatform.mailbox.search.SearchStore;
import dev.mailplatform.mailbox.store.MailboxStore.Change;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * One mailbox and its messages, for the IMAP and POP3 gateways (service token). Every change publishes its
 * mailbox-changed events after the commit. Methods without a body are blocking methods (Quarkus REST runs them on
 * worker threads); methods with one hand their work to a worker themselves, after the body is read ({@link OnWorker}).
 */
@Path(ApiPaths.MAILBOX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MailboxResource {
    private final MailboxStore store;
    private final MailboxTree tree;
    private final SearchStore search;
    private final MessageContent content;
    private final MailboxEventPublisher publisher;
    private final MailboxServiceConfig config;

    public MailboxResource(MailboxStore store, MailboxTree tree, SearchStore search, MessageContent content,
            MailboxEventPublisher publisher, MailboxServiceConfig config) {
        this.store = store;
        this.tree = tree;
        this.search = search;
        this.content = content;
        this.publisher = publisher;
        this.config = config;
    }

    @GET
    public MailboxDto mailbox(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        return store.mailbox(PathIds.account(accountId), mailbox);
    }

    @DELETE
    public Response deleteMailbox(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        Change<Void> change = tree.delete(PathIds.account(accountId), mailbox);
        publisher.publishCommitted(change.events(), "mailbox delete");
        return Response.noContent().build();
    }

    @POST
    @Path("rename")
    public Uni<MailboxDto> rename(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox,
            RenameMailboxRequest request) {
        return OnWorker.run(() -> {
            if (request == null || request.newName() == null) {
                throw ApiException.badRequest("'newName' is required");
            }
            Change<MailboxDto> change = tree.rename(PathIds.account(accountId), mailbox, request.newName());
            publisher.publishCommitted(change.events(), "mailbox rename");
            return change.result();
        });
    }

    @PUT
    @Path("subscription")
    public Response subscribe(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        tree.subscribe(PathIds.account(accountId), mailbox, true);
        return Response.noContent().build();
    }

    @DELETE
    @Path("subscription")
    public Response unsubscribe(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        tree.subscribe(PathIds.account(accountId), mailbox, false);
        return Response.noContent().build();
    }

    /** {@code ?uids=} an IMAP UID set (default all), {@code ?include=envelope,bodystructure}. */
    @GET
    @Path("messages")
    public List<MessageDto> messages(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox,
            @QueryParam("uids") String uids, @QueryParam("include") String include) {
        Set<String> parts = Set.of();
        if (include != null && !include.isBlank()) {
            parts = Set.of(include.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
            for (String part : parts) {
                if (!part.equals("envelope") && !part.equals("bodystructure")) {
                    throw ApiException.badRequest("include takes envelope and/or bodystructure, not " + part);
                }
            }
        }
        UidSet set = uids == null || uids.isBlank() ? null : UidSet.parse(uids);
        return store.messages(PathIds.account(accountId), mailbox, set, parts.contains("envelope"),
                parts.contains("bodystructure"));
    }

    /** The mailbox's UID state and all its messages in one round trip, for IMAP SELECT and EXAMINE. */
    @GET
    @Path("selection")
    public MailboxSelection selection(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox) {
        return store.selection(PathIds.account(accountId), mailbox);
    }

    /** APPEND: the body is already in S3; parsed here, once. 413 over quota or over the size limit. */
    @POST
    @Path("messages")
    public Uni<Response> append(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox,
            AppendRequest request) {
        return OnWorker.run(() -> appendNow(accountId, mailbox, request));
    }

    private Response appendNow(String accountId, String mailbox, AppendRequest request) {
        UUID account = PathIds.account(accountId);
        if (request == null || request.blobKey() == null || request.blobKey().isBlank()) {
            throw ApiException.badRequest("'blobKey' is required");
        }
        if (request.size() < 0) {
            throw ApiException.badRequest("'size' must be >= 0");
        }
        if (request.size() > config.maxMessageSize()) {
            throw new ApiException(413, "too_large", "message larger than " + config.maxMessageSize() + " bytes");
        }
        if (request.content() != null && (request.content().length != request.size()
                || !BlobKeys.messageKeyOf(request.content()).equals(request.blobKey()))) {
            throw ApiException.badRequest("'content' is not the body stored under 'blobKey'");
        }
        MessageFlags flags = MessageFlags.parse(request.flags());
        UUID tenantId;
        ParsedMessage parsed = null;
        long size = request.size();
        if (request.content() != null) {
            // the body came along: parsed whether or not the tenant has it already (the blob row then only gains a
            // reference), which spares APPEND the round trip that asks
            tenantId = store.tenantOf(account);
            if (tenantId == null) {
                throw ApiException.notFound("no account " + account);
            }
            parsed = content.parse(request.blobKey(), request.content(), request.size());
        } else {
            Blobs.OfAccount blob = store.knownBlobOfAccount(account, request.blobKey());
            tenantId = blob.tenantId();
            if (!blob.known()) {
                parsed = content.load(request.blobKey(), request.size());
                if ("missing".equals(parsed.status())) {
                    throw ApiException.unprocessable("no blob " + request.blobKey() + " in the object store");
                }
            }
        }
        if (parsed != null) {
            size = parsed.size();
            if (size > config.maxMessageSize()) {
                throw new ApiException(413, "too_large", "message larger than " + config.maxMessageSize() + " bytes");
            }
        }
        // PostgreSQL keeps microseconds: the date handed back in the result is the one a listing would show
        Instant internalDate = (request.internalDate() == null ? Instant.now() : request.internalDate())
                .truncatedTo(ChronoUnit.MICROS);
        Change<AppendResult> change = store.append(account, tenantId, mailbox, request.blobKey(), size, flags,
                internalDate, parsed);
        publisher.publishCommitted(change.events(), "append");
        return Response.status(201).entity(change.result()).build();
    }

    @POST
    @Path("messages/delete")
    public Uni<DeleteMessagesResult> delete(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, DeleteMessagesRequest request) {
        return OnWorker.run(() -> deleteNow(accountId, mailbox, request));
    }

    private DeleteMessagesResult deleteNow(String accountId, String mailbox, DeleteMessagesRequest request) {
        if (request == null || request.uids() == null) {
            throw ApiException.badRequest("'uids' is required");
        }
        if (request.uids().size() > config.maxDeleteUids()) {
            throw ApiException.badRequest("at most " + config.maxDeleteUids() + " uids per request");
        }
        MailboxStore.Deletion deletion = store.delete(PathIds.account(accountId), mailbox, request.uids());
        DeleteMessagesResult result = deletion.result();
        publisher.publishCommitted(result.deleted().stream()
                .map(uid -> deletion.mailbox().event(dev.mailplatform.contracts.events.MailboxChanged.Kind
                        .MESSAGE_EXPUNGED, uid, result.highestModseq()))
                .toList(), "delete");
        return result;
    }

    @POST
    @Path("messages/flags")
    public Uni<StoreFlagsResult> storeFlags(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, StoreFlagsRequest request) {
        return OnWorker.run(() -> storeFlagsNow(accountId, mailbox, request));
    }

    private StoreFlagsResult storeFlagsNow(String accountId, String mailbox, StoreFlagsRequest request) {
        if (request == null || request.uidSet() == null || request.mode() == null) {
            throw ApiException.badRequest("'uidSet' and 'mode' are required");
        }
        String mode = request.mode().toUpperCase(Locale.ROOT);
        if (!mode.equals("ADD") && !mode.equals("REMOVE") && !mode.equals("REPLACE")) {
            throw ApiException.badRequest("mode must be ADD, REMOVE or REPLACE");
        }
        if (request.unchangedSince() != null && request.unchangedSince() < 0) {
            throw ApiException.badRequest("unchangedSince must be >= 0");
        }
        Change<StoreFlagsResult> change = store.storeFlags(PathIds.account(accountId), mailbox,
                UidSet.parse(request.uidSet()), mode, MessageFlags.parse(request.flags()), request.unchangedSince());
        publisher.publishCommitted(change.events(), "store flags");
        return change.result();
    }

    @POST
    @Path("messages/copy")
    public Uni<CopyMessagesResult> copy(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, CopyMessagesRequest request) {
        return OnWorker.run(() -> copyOrMove(accountId, mailbox, request, false));
    }

    @POST
    @Path("messages/move")
    public Uni<CopyMessagesResult> move(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, CopyMessagesRequest request) {
        return OnWorker.run(() -> copyOrMove(accountId, mailbox, request, true));
    }

    private CopyMessagesResult copyOrMove(String accountId, String mailbox, CopyMessagesRequest request,
            boolean move) {
        if (request == null || request.uidSet() == null || request.targetMailbox() == null) {
            throw ApiException.badRequest("'uidSet' and 'targetMailbox' are required");
        }
        Change<CopyMessagesResult> change = store.copy(PathIds.account(accountId), mailbox,
                UidSet.parse(request.uidSet()), request.targetMailbox(), move);
        publisher.publishCommitted(change.events(), move ? "move" : "copy");
        return change.result();
    }

    @POST
    @Path("messages/expunge")
    public Uni<DeleteMessagesResult> expunge(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, ExpungeRequest request) {
        return OnWorker.run(() -> expungeNow(accountId, mailbox, request));
    }

    private DeleteMessagesResult expungeNow(String accountId, String mailbox, ExpungeRequest request) {
        UidSet set = request == null || request.uidSet() == null ? null : UidSet.parse(request.uidSet());
        Change<DeleteMessagesResult> change = store.expunge(PathIds.account(accountId), mailbox, set);
        publisher.publishCommitted(change.events(), "expunge");
        return change.result();
    }

    @POST
    @Path("search")
    public Uni<SearchResult> search(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox,
            SearchRequest request) {
        return OnWorker.run(() -> {
            if (request == null) {
                throw ApiException.badRequest("request body is required");
            }
            return search.search(PathIds.account(accountId), mailbox, request);
        });
    }

    @GET
    @Path("changes")
    public ChangesResult changes(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox,
            @QueryParam("sinceModseq") String sinceModseq) {
        long since;
        try {
            since = Long.parseLong(sinceModseq == null ? "" : sinceModseq);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("sinceModseq must be a number");
        }
        if (since < 0) {
            throw ApiException.badRequest("sinceModseq must be >= 0");
        }
        return store.changes(PathIds.account(accountId), mailbox, since);
    }
}
