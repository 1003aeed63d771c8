/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The dnsjava resolver of the inbound checks, and blocking TXT lookups for DMARC. */
public final class DnsTxt {
    private final Resolver resolver;

    public DnsTxt(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Resolvers from "host" or "host:port" entries; none means the system's configuration. */
    public static Resolver resolver(List<String> servers, Duration timeout) {
        Resolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (String server : servers) {
                int colon = server.lastIndexOf(':');
                boolean hasPort = colon > 0 && server.indexOf(':') == colon;
                String host = hasPort ? server.substring(0, colon) : server;
                int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
                each.add(new SimpleResolver(new InetSocketAddress(host, port)));
            }
            resolver = each.size() == 1 ? each.get(0) : new ExtendedResolver(each.toArray(Resolver[]::new));
        }
        resolver.setTimeout(timeout);
        return resolver;
    }

    public Resolver resolver() {
        return resolver;
    }

    /** TXT strings of a name (each record's strings joined); empty list for NXDOMAIN or no TXT. */
    public Optional<List<String>> txt(String name) {
        try {
            Lookup lookup = new Lookup(Name.fromString(name, Name.root), Type.TXT);
            lookup.setResolver(resolver);
            // no shared cache: answers change (and tests publish per-test records); the resolver caches anyway
            lookup.setCache(null);
            Record[] records = lookup.run();
            return switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> {
                    List<String> texts = new ArrayList<>();
                    for (Record record : records) {
                        if (record instanceof TXTRecord txt) {
                            texts.add(String.join("", txt.getStrings()));
                        }
                    }
                    yield Optional.of(texts);
                }
                case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> Optional.of(List.of());
                default -> Optional.empty();
            };
        } catch (TextParseException e) {
            return Optional.of(List.of());
        }
    }
}
