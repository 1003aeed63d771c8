package dev.mailplatform.delivery.dns;

import java.util.List;

/** Where mail for a domain goes, or why it cannot go anywhere. */
public sealed interface MxResolution {
    /** Hosts to try in this order (MX by preference, equal preferences shuffled; or the domain itself, implicit MX). */
    record Hosts(List<String> hosts, boolean implicitMx) implements MxResolution {
    }

    /** RFC 7505: the domain publishes "MX 0 ." and accepts no mail: bounce at once with 5.1.10. */
    record NullMx() implements MxResolution {
    }

    /** The domain does not exist, or has neither MX nor address records (RFC 5321 §5.1): bounce with 5.1.2. */
    record NoSuchDomain(String reason) implements MxResolution {
    }

    /** SERVFAIL, timeout, refused: try again later (4.4.3). */
    record TemporaryFailure(String reason) implements MxResolution {
    }
}
