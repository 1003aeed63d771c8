package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.mailbox.api.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The signing key of a domain for the delivery worker (service token): the only answer with a private key. */
@Path(ApiPaths.DKIM_SIGNING_KEY)
@Produces(MediaType.APPLICATION_JSON)
public class DkimResource {
    private final DkimKeys keys;

    public DkimResource(DkimKeys keys) {
        this.keys = keys;
    }

    @GET
    public DkimKeyDto signingKey(@PathParam("domain") String domain) {
        DkimKeyDto key = keys.signingKey(domain);
        if (key == null) {
            throw ApiException.notFound("domain " + domain + " has no DKIM key");
        }
        return key;
    }
}
