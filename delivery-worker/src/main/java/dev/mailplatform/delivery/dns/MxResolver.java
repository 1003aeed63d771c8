package dev.mailplatform.delivery.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * MX and address lookups with dnsjava, asking the configured resolvers directly so the reply code is visible:
 * NXDOMAIN is permanent, SERVFAIL and timeouts are transient (RFC 5321 §5.1). Blocking: relay threads only.
 */
public final class MxResolver {
    /** Thrown when a lookup could not be answered (SERVFAIL, REFUSED, timeout). */
    public static final class DnsTemporaryException extends IOException {
        public DnsTemporaryException(String message) {
            super(message);
        }
    }

    private final Resolver resolver;
    private final Consumer<String> failureListener;

    /**
     * @param servers         {@code host} or {@code host:port}; empty: the system's resolvers
     * @param failureListener told the kind of every failed lookup ("servfail", "timeout", ...) for metrics
     */
    public MxResolver(List<String> servers, Duration timeout, Consumer<String> failureListener) {
        try {
            if (servers.isEmpty()) {
                this.resolver = new ExtendedResolver();
            } else {
                List<Resolver> list = new ArrayList<>();
                for (String server : servers) {
                    list.add(simple(server));
                }
                this.resolver = list.size() == 1 ? list.get(0) : new ExtendedResolver(list);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad mail.relay.dns-servers " + servers, e);
        }
        this.resolver.setTimeout(timeout);
        this.failureListener = failureListener;
    }

    private static SimpleResolver simple(String server) throws IOException {
        String host = server;
        int port = 53;
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(':') == colon) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        return r;
    }

    /** The hosts to try for mail to {@code domain}, in order. */
    public MxResolution resolveMx(String domain) {
        Message reply;
        try {
            reply = query(domain, Type.MX);
        } catch (DnsTemporaryException e) {
            return new MxResolution.TemporaryFailure(e.getMessage());
        } catch (TextParseException e) {
            return new MxResolution.NoSuchDomain("invalid domain name " + domain);
        }
        if (reply.getRcode() == Rcode.NXDOMAIN) {
            failureListener.accept("nxdomain");
            return new MxResolution.NoSuchDomain("domain " + domain + " does not exist");
        }
        List<MXRecord> mx = new ArrayList<>();
        for (Record r : reply.getSection(Section.ANSWER)) {
            if (r instanceof MXRecord m) {
                mx.add(m);
            }
        }
        if (mx.isEmpty()) {
            // RFC 5321 §5.1: no MX records: the domain itself is the implicit MX, if it has an address
            try {
                if (addresses(domain, 1).isEmpty()) {
                    return new MxResolution.NoSuchDomain("domain " + domain + " has no MX and no address records");
                }
            } catch (DnsTemporaryException e) {
                return new MxResolution.TemporaryFailure(e.getMessage());
            }
            return new MxResolution.Hosts(List.of(domain), true);
        }
        // RFC 7505 §3: a single MX with an empty target (".") means the domain receives no mail
        if (mx.size() == 1 && mx.get(0).getTarget().equals(Name.root)) {
            return new MxResolution.NullMx();
        }
        Map<Integer, List<String>> byPreference = new TreeMap<>();
        for (MXRecord m : mx) {
            if (m.getTarget().equals(Name.root)) {
                continue;
            }
            byPreference.computeIfAbsent(m.getPriority(), p -> new ArrayList<>()).add(hostName(m.getTarget()));
        }
        List<String> hosts = new ArrayList<>();
        for (List<String> same : byPreference.values()) {
            // RFC 5321 §5.1: equal preferences are tried in random order to spread the load
            Collections.shuffle(same, ThreadLocalRandom.current());
            for (String h : same) {
                if (!hosts.contains(h)) {
                    hosts.add(h);
                }
            }
        }
        if (hosts.isEmpty()) {
            return new MxResolution.NullMx();
        }
        return new MxResolution.Hosts(List.copyOf(hosts), false);
    }

    /** IPv4 then IPv6 addresses of a host, at most {@code max}; empty when it has none. */
    public List<InetAddress> addresses(String host, int max) throws DnsTemporaryException {
        List<InetAddress> out = new ArrayList<>();
        try {
            if (isIpLiteral(host)) {
                return List.of(InetAddress.getByName(host));
            }
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message reply = query(host, type);
                if (reply.getRcode() == Rcode.NXDOMAIN) {
                    return out;
                }
                for (Record r : reply.getSection(Section.ANSWER)) {
                    if (r instanceof ARecord a) {
                        out.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        out.add(a.getAddress());
                    }
                }
                if (out.size() >= max) {
                    break;
                }
            }
        } catch (TextParseException e) {
            return out;
        } catch (IOException e) {
            if (e instanceof DnsTemporaryException t) {
                throw t;
            }
            throw new DnsTemporaryException(e.getMessage());
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** The TXT strings at a name (each record's strings joined), empty when there are none. */
    public List<String> txt(String name) throws DnsTemporaryException {
        List<String> out = new ArrayList<>();
        try {
            Message reply = query(name, Type.TXT);
            for (Record r : reply.getSection(Section.ANSWER)) {
                if (r instanceof TXTRecord t) {
                    out.add(String.join("", t.getStrings()));
                }
            }
        } catch (TextParseException e) {
            return out;
        }
        return out;
    }

    private Message query(String name, int type) throws DnsTemporaryException, TextParseException {
        Name qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        Message reply;
        try {
            reply = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            failureListener.accept("timeout");
            throw new DnsTemporaryException("DNS lookup of " + name + " " + Type.string(type) + " failed: "
                    + e.getMessage());
        }
        int rcode = reply.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            failureListener.accept(Rcode.string(rcode).toLowerCase(Locale.ROOT));
            throw new DnsTemporaryException("DNS lookup of " + name + " " + Type.string(type) + ": "
                    + Rcode.string(rcode));
        }
        return reply;
    }

    private static String hostName(Name name) {
        String s = name.toString(true);
        return s.toLowerCase(Locale.ROOT);
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
