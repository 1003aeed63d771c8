package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.CreateAccountRequest;
import dev.mailplatform.contracts.api.CreateDomainRequest;
import dev.mailplatform.contracts.api.CreateTenantRequest;
import dev.mailplatform.contracts.api.DomainDto;
import dev.mailplatform.contracts.api.TenantDto;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.api.Paging;
import dev.mailplatform.mailbox.api.PathIds;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Tenant administration (admin token, see {@code BearerTokenFilter}). Plain blocking methods: Quarkus REST runs them
 * on worker threads, which is where JDBC and bcrypt belong.
 */
@Path(ApiPaths.TENANTS)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final DirectoryAdmin directory;
    private final MailboxServiceConfig config;

    public AdminResource(DirectoryAdmin directory, MailboxServiceConfig config) {
        this.directory = directory;
        this.config = config;
    }

    @POST
    public Response createTenant(CreateTenantRequest request) {
        TenantDto tenant = directory.createTenant(required(request).name());
        return Response.created(URI.create(ApiPaths.TENANTS + "/" + tenant.id())).entity(tenant).build();
    }

    @GET
    public List<TenantDto> listTenants(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return directory.listTenants(Paging.of(offset, limit, config.paging()));
    }

    @POST
    @Path("{tenantId}/domains")
    public Response createDomain(@PathParam("tenantId") String tenantId, CreateDomainRequest request) {
        DomainDto domain = directory.createDomain(PathIds.tenant(tenantId), required(request).name());
        return Response.created(URI.create(ApiPaths.TENANTS + "/" + domain.tenantId() + "/domains/" + domain.id()))
                .entity(domain).build();
    }

    @GET
    @Path("{tenantId}/domains")
    public List<DomainDto> listDomains(@PathParam("tenantId") String tenantId, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return directory.listDomains(PathIds.tenant(tenantId), Paging.of(offset, limit, config.paging()));
    }

    @POST
    @Path("{tenantId}/accounts")
    public Response createAccount(@PathParam("tenantId") String tenantId, CreateAccountRequest request) {
        CreateAccountRequest body = required(request);
        AccountDto account = directory.createAccount(PathIds.tenant(tenantId), body.address(), body.password());
        return Response.created(URI.create(ApiPaths.TENANTS + "/" + account.tenantId() + "/accounts/" + account.id()))
                .entity(account).build();
    }

    @GET
    @Path("{tenantId}/accounts")
    public List<AccountDto> listAccounts(@PathParam("tenantId") String tenantId,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return directory.listAccounts(PathIds.tenant(tenantId), Paging.of(offset, limit, config.paging()));
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("request body is required");
        }
        return body;
    }
}
