package dev.mailplatform.mailbox.auth;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.AuthRequest;
import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.mailbox.api.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Login check for the gateways (service token). Blocking on purpose: Quarkus REST runs this on a worker thread, so
 * bcrypt never runs on an event loop. 200 with the account, 401 wrong credentials, 403 suspended, 429 locked out.
 */
@Path(ApiPaths.AUTHENTICATE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
    private final Authenticator authenticator;

    public AuthResource(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @POST
    public AuthResult authenticate(AuthRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required");
        }
        return authenticator.authenticate(request.username(), request.password(), request.remoteAddress());
    }
}
