package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.AliasDto;
import dev.mailplatform.contracts.api.CatchAllRequest;
import dev.mailplatform.contracts.api.CreateAliasRequest;
import dev.mailplatform.contracts.api.CreateDkimKeyRequest;
import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.contracts.api.PasswordRequest;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.contracts.api.StatusRequest;
import jakarta.ws.rs.PUT;
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
    private final DkimKeys dkim;
    private final MailboxServiceConfig config;

    public AdminResource(DirectoryAdmin directory, DkimKeys dkim, MailboxServiceConfig config) {
        this.directory = directory;
        this.dkim = dkim;
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

    @GET
    @Path("{tenantId}/accounts/{accountId}")
    public AccountDto account(@PathParam("tenantId") String tenantId, @PathParam("accountId") String accountId) {
        return directory.account(PathIds.tenant(tenantId), PathIds.account(accountId));
    }

    @GET
    @Path("{tenantId}/accounts/{accountId}/quota")
    public QuotaDto accountQuota(@PathParam("tenantId") String tenantId, @PathParam("accountId") String accountId) {
        return directory.accountQuota(PathIds.tenant(tenantId), PathIds.account(accountId));
    }

    @PUT
    @Path("{tenantId}/accounts/{accountId}/quota")
    public QuotaDto setAccountQuota(@PathParam("tenantId") String tenantId,
            @PathParam("accountId") String accountId, QuotaDto limits) {
        return directory.setAccountQuota(PathIds.tenant(tenantId), PathIds.account(accountId), required(limits));
    }

    @PUT
    @Path("{tenantId}/accounts/{accountId}/password")
    public Response resetPassword(@PathParam("tenantId") String tenantId, @PathParam("accountId") String accountId,
            PasswordRequest request) {
        directory.resetPassword(PathIds.tenant(tenantId), PathIds.account(accountId), required(request).password());
        return Response.noContent().build();
    }

    @PUT
    @Path("{tenantId}/accounts/{accountId}/status")
    public AccountDto setStatus(@PathParam("tenantId") String tenantId, @PathParam("accountId") String accountId,
            StatusRequest request) {
        return directory.setStatus(PathIds.tenant(tenantId), PathIds.account(accountId), required(request).status());
    }

    @GET
    @Path("{tenantId}/quota")
    public QuotaDto tenantQuota(@PathParam("tenantId") String tenantId) {
        return directory.tenantQuota(PathIds.tenant(tenantId));
    }

    @PUT
    @Path("{tenantId}/quota")
    public QuotaDto setTenantQuota(@PathParam("tenantId") String tenantId, QuotaDto limits) {
        return directory.setTenantQuota(PathIds.tenant(tenantId), required(limits));
    }

    @POST
    @Path("{tenantId}/aliases")
    public Response createAlias(@PathParam("tenantId") String tenantId, CreateAliasRequest request) {
        CreateAliasRequest body = required(request);
        AliasDto alias = directory.createAlias(PathIds.tenant(tenantId), body.address(), body.targets());
        return Response.created(URI.create(ApiPaths.TENANTS + "/" + alias.tenantId() + "/aliases/" + alias.id()))
                .entity(alias).build();
    }

    @GET
    @Path("{tenantId}/aliases")
    public List<AliasDto> listAliases(@PathParam("tenantId") String tenantId, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return directory.listAliases(PathIds.tenant(tenantId), Paging.of(offset, limit, config.paging()));
    }

    @PUT
    @Path("{tenantId}/domains/{domain}/catch-all")
    public Response setCatchAll(@PathParam("tenantId") String tenantId, @PathParam("domain") String domain,
            CatchAllRequest request) {
        directory.setCatchAll(PathIds.tenant(tenantId), domain, request == null ? null : request.target());
        return Response.noContent().build();
    }

    @POST
    @Path("{tenantId}/domains/{domain}/dkim")
    public Response createDkimKey(@PathParam("tenantId") String tenantId, @PathParam("domain") String domain,
            CreateDkimKeyRequest request) {
        DkimKeyDto key = dkim.create(PathIds.tenant(tenantId), domain, request == null ? null : request.selector(),
                request == null ? null : request.algorithm());
        return Response.status(201).entity(key).build();
    }

    @GET
    @Path("{tenantId}/domains/{domain}/dkim")
    public DkimKeyDto dkimKey(@PathParam("tenantId") String tenantId, @PathParam("domain") String domain) {
        return dkim.active(PathIds.tenant(tenantId), domain);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest("request body is required");
        }
        return body;
    }
}
