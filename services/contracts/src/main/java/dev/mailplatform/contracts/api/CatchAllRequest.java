package dev.mailplatform.contracts.api;

/** The account address that receives mail for unknown users of the domain; null removes the catch-all. */
public record CatchAllRequest(String target) {
}
