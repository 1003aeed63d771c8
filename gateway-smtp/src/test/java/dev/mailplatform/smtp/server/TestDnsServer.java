/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on loopback UDP, answering TXT queries from a map (SPF, DKIM and DMARC records
 * published by the tests) and NXDOMAIN for everything else. Answers are built with dnsjava's own Message classes.
 */
public final class TestDnsServer implements AutoCloseable {
    private static TestDnsServer shared;

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Thread thread;

    private TestDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public static synchronized TestDnsServer shared() {
        if (shared == null) {
            try {
                shared = new TestDnsServer();
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Publishes TXT strings for a name (absolute, with or without the final dot). */
    public void publishTxt(String name, String... values) {
        txt.put(key(name), List.of(values));
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        List<String> values = txt.get(key(name.toString()));
        if (values == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        if (question.getType() == Type.TXT) {
            for (String value : values) {
                response.addRecord(new TXTRecord(name, DClass.IN, 60, splitLong(value)), Section.ANSWER);
            }
        }
        return response;
    }

    /** TXT character-strings hold at most 255 octets (RFC 1035 §3.3); DKIM keys are longer. */
    private static List<String> splitLong(String value) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return parts;
    }

    @Override
    public void close() {
        socket.close();
    }
}
