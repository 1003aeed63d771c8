package dev.mailplatform.delivery;

import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.OutboundMail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Splits an accepted message into its deliveries: one per local account (two addresses of one account, e.g. an alias
 * and the primary, still make one delivery), and one outbound message per remote domain. Pure: no I/O.
 */
public final class Router {
    private Router() {
    }

    public record Routes(List<LocalDelivery> local, List<OutboundMail> outbound) {
    }

    public static Routes route(AcceptedMail mail) {
        Map<UUID, LocalDelivery> local = new LinkedHashMap<>();
        Map<String, Set<String>> remoteByDomain = new LinkedHashMap<>();
        Map<String, List<EnvelopeRecipient>> paramsByDomain = new LinkedHashMap<>();
        for (EnvelopeRecipient rcpt : mail.recipients()) {
            if (rcpt.isLocal()) {
                local.computeIfAbsent(rcpt.accountId(), account -> new LocalDelivery(
                        LocalDelivery.deliveryIdOf(mail.messageId(), account), mail.messageId(), mail.traceId(),
                        rcpt.tenantId(), account, rcpt.address(), mail.mailFrom(), mail.blobKey(), mail.size(),
                        mail.receivedAt()));
            } else {
                String domain = domainOf(rcpt.address());
                if (remoteByDomain.computeIfAbsent(domain, d -> new LinkedHashSet<>()).add(rcpt.address())) {
                    paramsByDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(rcpt);
                }
            }
        }
        List<OutboundMail> outbound = new ArrayList<>();
        remoteByDomain.forEach((domain, rcpts) -> outbound.add(new OutboundMail(mail.messageId() + "/" + domain,
                mail.messageId(), mail.traceId(), domain, mail.mailFrom(), List.copyOf(rcpts), mail.blobKey(),
                mail.size(), mail.receivedAt(), 0, paramsByDomain.get(domain), mail.envelopeId(), mail.dsnReturn(),
                mail.bodyType(), mail.smtpUtf8(), mail.senderTenantId(), null, false)));
        return new Routes(List.copyOf(local.values()), outbound);
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? "" : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }
}
