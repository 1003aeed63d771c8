package dev.mailplatform.mailbox.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * Runs an endpoint's blocking work (JDBC, the broker's send) on a worker thread once Quarkus REST has read and parsed
 * the request body on the event loop. An endpoint with a plain return type is dispatched to a worker before its body
 * is read, and that worker then waits for the body through a blocking stream: one more hand-over between threads per
 * request. An endpoint returning {@link Uni} has its body read first; the mailbox endpoints with a body use this to
 * hand over once.
 */
public final class OnWorker {
    private OnWorker() {
    }

    /** {@code work} on the worker pool; what it throws (an {@link ApiException} too) fails the request as usual. */
    public static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
