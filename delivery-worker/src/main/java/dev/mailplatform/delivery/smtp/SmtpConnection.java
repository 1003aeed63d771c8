package dev.mailplatform.delivery.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * One client connection to a remote MX, with blocking sockets: it runs on the relay's own threads, never on an event
 * loop. Not thread-safe: one transaction at a time, then it may go back to the {@link ConnectionPool} for the next
 * message to the same MX.
 */
public final class SmtpConnection implements Closeable {
    private static final Logger LOG = Logger.getLogger(SmtpConnection.class);

    /** How the connection is made; the timeouts come from {@code mail.relay.*}. */
    /**
     * @param tlsFactory          opportunistic TLS: any certificate (RFC 7435)
     * @param validatingTlsFactory authenticated TLS: a trusted chain, checked against the MX name (RFC 8461 §4.2)
     */
    public record Settings(String heloName, boolean starttls, Duration connectTimeout, Duration commandTimeout,
            Duration dataTimeout, int maxReplyLineLength, SSLSocketFactory tlsFactory,
            SSLSocketFactory validatingTlsFactory) {
    }

    /** The connection could not be set up (refused, timeout, greeting or EHLO refused): try the next MX address. */
    public static final class ConnectFailure extends IOException {
        private final SmtpReply reply;
        private final boolean tlsHandshake;

        ConnectFailure(String message, SmtpReply reply, boolean tlsHandshake, Throwable cause) {
            super(message, cause);
            this.reply = reply;
            this.tlsHandshake = tlsHandshake;
        }

        public SmtpReply reply() {
            return reply;
        }

        /** The STARTTLS handshake failed: a reconnect without STARTTLS may succeed (RFC 7435 opportunistic). */
        public boolean tlsHandshake() {
            return tlsHandshake;
        }
    }

    private final Settings settings;
    private final String mxHost;
    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private SmtpReplyParser parser;
    private final Deque<SmtpReply> replies = new ArrayDeque<>();
    private final byte[] readBuffer = new byte[8192];
    private EhloCapabilities capabilities = EhloCapabilities.NONE;
    private boolean tls;
    private boolean authenticated;
    private boolean needsReset;
    private int transactions;
    private long lastUsedNanos = System.nanoTime();

    private SmtpConnection(Settings settings, String mxHost, InetSocketAddress address) {
        this.settings = settings;
        this.mxHost = mxHost;
        this.address = address;
    }

    /**
     * Connects, reads the greeting, says EHLO (HELO if refused) and upgrades with STARTTLS when offered and
     * {@code tryTls}.
     */
    public static SmtpConnection open(Settings settings, String mxHost, InetSocketAddress address, boolean tryTls)
            throws ConnectFailure {
        return open(settings, mxHost, address, tryTls, false);
    }

    /**
     * With {@code requireAuthenticatedTls} (MTA-STS enforce, RFC 8461 §4.2) the peer must offer STARTTLS and present
     * a trusted certificate valid for {@code mxHost}; otherwise the connection fails with no clear-text fallback.
     */
    public static SmtpConnection open(Settings settings, String mxHost, InetSocketAddress address, boolean tryTls,
            boolean requireAuthenticatedTls) throws ConnectFailure {
        SmtpConnection c = new SmtpConnection(settings, mxHost, address);
        try {
            c.connect(requireAuthenticatedTls || (tryTls && settings.starttls()), requireAuthenticatedTls);
            return c;
        } catch (ConnectFailure e) {
            c.closeQuietly();
            throw e;
        } catch (IOException | SmtpProtocolException e) {
            c.closeQuietly();
            throw new ConnectFailure("cannot set up SMTP with " + mxHost + " [" + address + "]: " + e.getMessage(),
                    null, false, e);
        }
    }

    private void connect(boolean tryTls, boolean requireAuthenticated) throws IOException {
        socket = new Socket();
        socket.connect(address, (int) settings.connectTimeout().toMillis());
        socket.setSoTimeout((int) settings.commandTimeout().toMillis());
        socket.setTcpNoDelay(true);
        streams();
        SmtpReply greeting = read();
        if (greeting.code() != 220) {
            // RFC 5321 §3.1: a 554 greeting means "no service here"; another MX may still take the mail
            quitQuietly();
            throw new ConnectFailure("greeting " + greeting.text(), greeting, false, null);
        }
        hello();
        if (requireAuthenticated && !capabilities.has("STARTTLS")) {
            quitQuietly();
            throw new ConnectFailure("MTA-STS: " + mxHost + " does not offer STARTTLS", null, false, null);
        }
        if (tryTls && capabilities.has("STARTTLS")) {
            SmtpReply reply = command("STARTTLS");
            if (reply.code() == 220) {
                try {
                    SSLSocketFactory factory = requireAuthenticated ? settings.validatingTlsFactory()
                            : settings.tlsFactory();
                    SSLSocket ssl = (SSLSocket) factory.createSocket(socket, mxHost, address.getPort(), true);
                    SSLParameters params = ssl.getSSLParameters();
                    if (mxHost != null && !mxHost.isEmpty() && !Character.isDigit(mxHost.charAt(0))) {
                        params.setServerNames(List.of(new SNIHostName(mxHost)));
                    }
                    if (requireAuthenticated) {
                        // RFC 8461 §4.2: the certificate must be valid for the MX host name (RFC 6125)
                        params.setEndpointIdentificationAlgorithm("HTTPS");
                    }
                    ssl.setSSLParameters(params);
                    ssl.setUseClientMode(true);
                    ssl.startHandshake();
                    socket = ssl;
                } catch (IOException | IllegalArgumentException e) {
                    throw new ConnectFailure((requireAuthenticated ? "MTA-STS: " : "") + "STARTTLS handshake with "
                            + mxHost + " failed: " + e.getMessage(), null, !requireAuthenticated, e);
                }
                tls = true;
                authenticated = requireAuthenticated;
                // RFC 3207 §4.2: forget everything learnt before the handshake and say EHLO again
                streams();
                capabilities = EhloCapabilities.NONE;
                hello();
            } else if (requireAuthenticated) {
                quitQuietly();
                throw new ConnectFailure("MTA-STS: " + mxHost + " refused STARTTLS: " + reply.text(), reply, false,
                        null);
            } else {
                LOG.debugf("%s refused STARTTLS (%s); continuing without TLS", mxHost, reply.text());
            }
        }
    }

    private void streams() throws IOException {
        in = socket.getInputStream();
        out = socket.getOutputStream();
        parser = new SmtpReplyParser(settings.maxReplyLineLength());
        replies.clear();
    }

    private void hello() throws IOException {
        SmtpReply ehlo = command("EHLO " + settings.heloName());
        if (ehlo.code() == 250) {
            capabilities = EhloCapabilities.parse(ehlo);
            return;
        }
        // RFC 5321 §3.2: a server that does not know EHLO answers 5xx; fall back to HELO
        SmtpReply helo = command("HELO " + settings.heloName());
        if (helo.code() != 250) {
            quitQuietly();
            throw new ConnectFailure("EHLO/HELO refused: " + helo.text(), helo, false, null);
        }
        capabilities = EhloCapabilities.NONE;
    }

    public EhloCapabilities capabilities() {
        return capabilities;
    }

    public boolean tls() {
        return tls;
    }

    /** TLS with a certificate validated for the MX name (as MTA-STS enforce requires). */
    public boolean authenticated() {
        return authenticated;
    }

    public String mxHost() {
        return mxHost;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int transactions() {
        return transactions;
    }

    public long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** Whether the peer still answers (RSET, RFC 5321 §4.1.1.5) before a reused connection carries a message. */
    public boolean reset() {
        try {
            return command("RSET").code() == 250;
        } catch (IOException | SmtpProtocolException e) {
            return false;
        }
    }

    /**
     * Runs one transaction for every recipient of the envelope and returns the outcome of each. An I/O failure
     * during the transaction propagates (the caller defers every recipient and drops the connection); replies, even
     * 4xx/5xx, are outcomes.
     */
    public Map<String, RecipientOutcome> send(SmtpEnvelope envelope, byte[] dataPayload) throws IOException {
        transactions++;
        try {
            if (needsReset) {
                SmtpReply rset = command("RSET");
                if (rset.code() != 250) {
                    throw new IOException("RSET refused: " + rset.text());
                }
                needsReset = false;
            }
            needsReset = true;
            Map<String, RecipientOutcome> outcomes = transaction(envelope, dataPayload);
            return outcomes;
        } finally {
            lastUsedNanos = System.nanoTime();
        }
    }

    private Map<String, RecipientOutcome> transaction(SmtpEnvelope env, byte[] data) throws IOException {
        String remote = "dns; " + mxHost;
        List<String> commands = new ArrayList<>();
        commands.add(mailFrom(env));
        for (String rcpt : env.recipients()) {
            commands.add(rcptTo(env, rcpt));
        }
        commands.add("DATA");
        SmtpReply mail;
        List<SmtpReply> rcptReplies = new ArrayList<>();
        SmtpReply dataReply = null;
        if (capabilities.has("PIPELINING")) {
            // RFC 2920 §3.1: MAIL, RCPT... and DATA may go in one group; the replies come back in order
            StringBuilder group = new StringBuilder();
            for (String c : commands) {
                group.append(c).append("\r\n");
            }
            write(group.toString().getBytes(StandardCharsets.UTF_8));
            mail = read();
            for (int i = 0; i < env.recipients().size(); i++) {
                rcptReplies.add(read());
            }
            dataReply = read();
        } else {
            mail = command(commands.get(0));
            if (mail.code() / 100 == 2) {
                for (int i = 0; i < env.recipients().size(); i++) {
                    rcptReplies.add(command(commands.get(i + 1)));
                }
                if (rcptReplies.stream().anyMatch(r -> r.code() / 100 == 2)) {
                    dataReply = command("DATA");
                }
            }
        }
        Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
        if (mail.code() / 100 != 2) {
            for (String rcpt : env.recipients()) {
                outcomes.put(rcpt, RecipientOutcome.of(mail, remote));
            }
            return outcomes;
        }
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < env.recipients().size(); i++) {
            SmtpReply r = rcptReplies.get(i);
            if (r.code() / 100 == 2) {
                accepted.add(env.recipients().get(i));
            } else {
                outcomes.put(env.recipients().get(i), RecipientOutcome.of(r, remote));
            }
        }
        if (dataReply == null) {
            return outcomes;
        }
        if (dataReply.code() != 354) {
            for (String rcpt : accepted) {
                outcomes.put(rcpt, RecipientOutcome.of(dataReply, remote));
            }
            return outcomes;
        }
        if (accepted.isEmpty()) {
            // RFC 2920 §3.1: DATA was accepted although every RCPT failed: end it with an empty message
            write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            read();
            needsReset = true;
            return outcomes;
        }
        socket.setSoTimeout((int) settings.dataTimeout().toMillis());
        try {
            write(data);
            SmtpReply end = read();
            needsReset = false;
            for (String rcpt : accepted) {
                outcomes.put(rcpt, RecipientOutcome.of(end, remote));
            }
        } finally {
            socket.setSoTimeout((int) settings.commandTimeout().toMillis());
        }
        return outcomes;
    }

    private String mailFrom(SmtpEnvelope env) {
        StringBuilder sb = new StringBuilder("MAIL FROM:<").append(env.mailFrom()).append('>');
        if (capabilities.sizeLimit() >= 0) {
            sb.append(" SIZE=").append(env.size());
        }
        if (env.eightBit() && capabilities.has("8BITMIME")) {
            sb.append(" BODY=8BITMIME");
        }
        if (env.smtpUtf8() && capabilities.has("SMTPUTF8")) {
            sb.append(" SMTPUTF8");
        }
        if (capabilities.has("DSN")) {
            if (env.ret() != null) {
                sb.append(" RET=").append(env.ret());
            }
            if (env.envelopeId() != null) {
                sb.append(" ENVID=").append(SmtpEnvelope.xtext(env.envelopeId()));
            }
        }
        return sb.toString();
    }

    private String rcptTo(SmtpEnvelope env, String rcpt) {
        StringBuilder sb = new StringBuilder("RCPT TO:<").append(rcpt).append('>');
        if (capabilities.has("DSN")) {
            String notify = env.notifyOn().get(rcpt);
            if (notify != null) {
                sb.append(" NOTIFY=").append(notify);
            }
            String orcpt = env.orcpt().get(rcpt);
            if (orcpt != null) {
                sb.append(" ORCPT=").append(orcpt);
            }
        }
        return sb.toString();
    }

    private SmtpReply command(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return read();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private SmtpReply read() throws IOException {
        while (replies.isEmpty()) {
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new IOException("connection closed by " + mxHost);
            }
            replies.addAll(parser.feed(readBuffer, 0, n));
        }
        return replies.removeFirst();
    }

    /** Polite close (RFC 5321 §4.1.1.10), bounded by the command timeout. */
    public void quitQuietly() {
        try {
            if (socket != null && !socket.isClosed()) {
                socket.setSoTimeout(5_000);
                command("QUIT");
            }
        } catch (IOException | RuntimeException e) {
            // the peer may already be gone
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        quitQuietly();
    }
}
