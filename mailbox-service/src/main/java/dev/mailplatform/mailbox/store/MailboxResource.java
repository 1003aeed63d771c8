package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.DeleteMessagesRequest;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.PathIds;
import dev.mailplatform.mailbox.events.MailboxEventPublisher;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import org.jboss.logging.Logger;

/** Mailbox state and messages for the IMAP and POP3 gateways (service token). Blocking: worker threads. */
@Path(ApiPaths.MAILBOX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MailboxResource {
    private static final Logger LOG = Logger.getLogger(MailboxResource.class);

    private final MailboxStore store;
    private final MailboxEventPublisher publisher;
    private final int maxDeleteUids;

    public MailboxResource(MailboxStore store, MailboxEventPublisher publisher,
            MailboxServiceConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.maxDeleteUids = config.maxDeleteUids();
    }

    @GET
    public MailboxDto mailbox(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        return store.mailbox(PathIds.account(accountId), mailbox);
    }

    @GET
    @Path("messages")
    public List<MessageDto> messages(@PathParam("accountId") String accountId, @PathParam("mailbox") String mailbox) {
        return store.messages(PathIds.account(accountId), mailbox);
    }

    @POST
    @Path("messages/delete")
    public DeleteMessagesResult delete(@PathParam("accountId") String accountId,
            @PathParam("mailbox") String mailbox, DeleteMessagesRequest request) {
        if (request == null || request.uids() == null) {
            throw ApiException.badRequest("'uids' is required");
        }
        if (request.uids().size() > maxDeleteUids) {
            throw ApiException.badRequest("at most " + maxDeleteUids + " uids per request");
        }
        MailboxStore.Deletion deletion = store.delete(PathIds.account(accountId), mailbox, request.uids());
        DeleteMessagesResult result = deletion.result();
        List<MailboxChanged> events = result.deleted().stream()
                .map(uid -> deletion.mailbox().event(MailboxChanged.Kind.MESSAGE_EXPUNGED, uid,
                        result.highestModseq()))
                .toList();
        try {
            publisher.publish(events);
        } catch (MailboxEventPublisher.PublishException e) {
            // the deletion is committed and must be reported as done; idle IMAP clients catch up on their next command
            LOG.warnf("expunge of %d messages in %s committed but events not published: %s", events.size(),
                    deletion.mailbox().mailboxId(), e.getMessage());
        }
        return result;
    }
}
