package dev.mailplatform.delivery.testnet;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A real authoritative DNS server on loopback (UDP) for tests: answers from records the test adds, NXDOMAIN for names
 * it does not know, SERVFAIL for names the test marks as failing. Built on dnsjava's wire format.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public TestDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** "127.0.0.1:port", the value of mail.relay.dns-servers. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public TestDnsServer mx(String domain, int preference, String host) {
        return add(new MXRecord(name(domain), DClass.IN, 60, preference, name(host)));
    }

    /** RFC 7505: "MX 0 .". */
    public TestDnsServer nullMx(String domain) {
        return add(new MXRecord(name(domain), DClass.IN, 60, 0, Name.root));
    }

    public TestDnsServer a(String host, String ip) {
        try {
            InetAddress address = InetAddress.getByName(ip);
            if (ip.contains(":")) {
                return add(new AAAARecord(name(host), DClass.IN, 60, address));
            }
            return add(new ARecord(name(host), DClass.IN, 60, address));
        } catch (IOException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    public TestDnsServer txt(String host, String text) {
        return add(new TXTRecord(name(host), DClass.IN, 60, text));
    }

    /** Every query for this name answers with {@code rcode} (e.g. {@link Rcode#SERVFAIL}). */
    public TestDnsServer fail(String host, int rcode) {
        rcodes.put(name(host), rcode);
        return this;
    }

    public TestDnsServer heal(String host) {
        rcodes.remove(name(host));
        return this;
    }

    public int queries() {
        return queries.get();
    }

    private TestDnsServer add(Record r) {
        records.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
        return this;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                socket.receive(packet);
                queries.incrementAndGet();
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (running) {
                    continue;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        reply.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        Integer rcode = rcodes.get(qname);
        if (rcode != null) {
            reply.getHeader().setRcode(rcode);
            return reply;
        }
        List<Record> known = records.get(qname);
        if (known == null) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
            return reply;
        }
        for (Record r : known) {
            if (r.getType() == question.getType()) {
                reply.addRecord(r, Section.ANSWER);
            }
        }
        return reply;
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }

}
