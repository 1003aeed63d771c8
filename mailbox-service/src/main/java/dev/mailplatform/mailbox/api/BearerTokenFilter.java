package dev.mailplatform.mailbox.api;

import dev.mailplatform.contracts.api.ApiPaths;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token check for the whole API, decided by path so that a new endpoint is protected by default: tenant
 * administration takes the admin token, everything else under {@code /api/} the service token of the gateways.
 */
public class BearerTokenFilter {
    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final byte[] adminToken;
    private final byte[] serviceToken;

    public BearerTokenFilter(@ConfigProperty(name = "mail.admin-token") String adminToken,
            @ConfigProperty(name = "mail.service-token") String serviceToken) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.serviceToken = serviceToken.getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null; // health, metrics, OpenAPI
        }
        boolean admin = path.equals(ApiPaths.TENANTS) || path.startsWith(ApiPaths.TENANTS + "/");
        byte[] expected = admin ? adminToken : serviceToken;
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expected, header.substring(BEARER.length()).trim()
                        .getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        LOG.infof("rejected %s %s: %s %s token", request.getMethod(), path,
                header == null ? "missing" : "wrong", admin ? "admin" : "service");
        return Response.fromResponse(ApiExceptionMappers.error(401, "unauthorized", "missing or wrong bearer token"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
