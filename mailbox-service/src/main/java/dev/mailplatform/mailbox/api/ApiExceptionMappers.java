package dev.mailplatform.mailbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mailplatform.contracts.api.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP answers: always an {@link ApiError} body, never a stack trace. Unexpected
 * failures are logged once with a correlation id that the client also sees.
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return error(e.status(), e.error(), e.getMessage());
    }

    // Quarkus REST ships mappers for Jackson's subtypes; declaring the most specific ones keeps the ApiError shape
    @ServerExceptionMapper({JsonProcessingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.ValueInstantiationException.class,
            com.fasterxml.jackson.core.JsonParseException.class})
    public Response unreadableJson(JsonProcessingException e) {
        LOG.debugf("unreadable request body: %s", e.getOriginalMessage());
        return error(400, "bad_request", "request body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return error(status, reason == null ? "error" : reason.toLowerCase().replace(' ', '_'),
                e.getMessage() == null ? reason : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, correlation id %s", correlationId);
        return error(500, "internal_error", "internal error, correlation id " + correlationId);
    }

    public static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, error, message)).build();
    }
}
