package dev.mailplatform.contracts.api;

import java.util.List;

/** One page of a list endpoint ({@code ?offset=&limit=}). */
public record Page<T>(List<T> items, long offset, long limit, long total) {
}
