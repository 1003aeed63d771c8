package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.CreateMailboxRequest;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.PathIds;
import dev.mailplatform.mailbox.events.MailboxEventPublisher;
import dev.mailplatform.mailbox.store.MailboxStore.Change;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The mailbox list of an account: LIST / LSUB patterns and CREATE (service token). */
@Path(ApiPaths.MAILBOXES)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MailboxesResource {
    private final MailboxTree tree;
    private final MailboxEventPublisher publisher;

    public MailboxesResource(MailboxTree tree, MailboxEventPublisher publisher) {
        this.tree = tree;
        this.publisher = publisher;
    }

    @GET
    public List<MailboxDto> list(@PathParam("accountId") String accountId, @QueryParam("pattern") String pattern,
            @QueryParam("subscribed") String subscribed) {
        if (subscribed != null && !subscribed.equals("true") && !subscribed.equals("false")) {
            throw ApiException.badRequest("subscribed must be true or false");
        }
        return tree.list(PathIds.account(accountId), pattern, "true".equals(subscribed));
    }

    @POST
    public Response create(@PathParam("accountId") String accountId, CreateMailboxRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        Change<MailboxDto> change = tree.create(PathIds.account(accountId), request.name(), request.specialUse());
        publisher.publishCommitted(change.events(), "mailbox create");
        return Response.status(201).entity(change.result()).build();
    }
}
