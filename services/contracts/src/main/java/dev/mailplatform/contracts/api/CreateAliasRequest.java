package dev.mailplatform.contracts.api;

import java.util.List;

/** An address of one of the tenant's domains that delivers to these local accounts' addresses. */
public record CreateAliasRequest(String address, List<String> targets) {
}
