/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.Result;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.SPF;
import org.jboss.logging.Logger;

/**
 * SPF (RFC 7208, Apache James jSPF), DKIM (RFC 6376, Apache James jDKIM) and DMARC (RFC 7489, {@link Dmarc}) for
 * one message received on MX. Every call blocks on DNS and file reads: run it on a worker thread.
 */
public final class InboundAuthenticator {
    private static final Logger LOG = Logger.getLogger(InboundAuthenticator.class);
    /** Header sections larger than this are not searched for From (RFC 5322 sets no limit; real ones are small). */
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    private final DnsTxt dns;
    private final SPF spf;

    public InboundAuthenticator(DnsTxt dns) {
        this.dns = dns;
        // SPF(DNSService) wires jSPF's asynchronous executor, whose result never completes with a custom resolver
        // in 1.0.4; this is the same wiring with the synchronous executor (we are on a worker thread anyway)
        DNSServiceXBillImpl dnsService = new DNSServiceXBillImpl(dns.resolver());
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dnsService);
        MacroExpand macroExpand = new MacroExpand(dnsService);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        this.spf = new SPF(dnsService, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)), macroExpand,
                new SynchronousSPFExecutor(dnsService));
        wiring.put(SPFCheckEnabled.class, spf);
        // RFC 7208 §4.6.4: the DNS lookup limit is part of the library's defaults; no best-guess records
        this.spf.setUseBestGuess(false);
    }

    /** The received message, readable as often as needed (DKIM and the From domain each read it). */
    @FunctionalInterface
    public interface MessageContent {
        InputStream open() throws IOException;
    }

    public AuthenticationResults check(String clientIp, String helo, String mailFrom, MessageContent message) {
        // RFC 7208 §2.4: for the null reverse-path, check "postmaster@" + HELO identity
        String sender = mailFrom == null || mailFrom.isEmpty() ? "postmaster@" + helo : mailFrom;
        String spfDomain = sender.substring(sender.lastIndexOf('@') + 1);
        String spfResult = spf(clientIp, sender, helo);
        List<AuthenticationResults.Dkim> dkim = dkim(message);
        String fromDomain = fromDomain(message);
        Dmarc.Outcome dmarc = Dmarc.evaluate(fromDomain, spfResult, spfDomain, dkim, dns::txt);
        return new AuthenticationResults(spfResult, spfDomain, dkim, dmarc.result(), dmarc.policy(), fromDomain);
    }

    private String spf(String clientIp, String sender, String helo) {
        try {
            SPFResult result = spf.checkSPF(clientIp, sender, helo);
            String value = result.getResult();
            return value == null || value.isEmpty() ? "none" : value.toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            LOG.debugf("SPF check failed: %s", e.getMessage());
            return "temperror";
        }
    }

    private List<AuthenticationResults.Dkim> dkim(MessageContent message) {
        DKIMVerifier verifier = new DKIMVerifier(new DNSPublicKeyRecordRetriever(dns.resolver()));
        try (InputStream in = new BufferedInputStream(message.open())) {
            verifier.verify(in);
        } catch (FailException e) {
            // every signature failed; the details are in getResults()
            LOG.debugf("DKIM verification failed: %s", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            LOG.debugf("DKIM verification error: %s", e.getMessage());
            return List.of(new AuthenticationResults.Dkim("permerror", null, null));
        }
        List<AuthenticationResults.Dkim> results = new ArrayList<>();
        for (Result result : verifier.getResults()) {
            String domain = result.getRecord() == null || result.getRecord().getDToken() == null ? null
                    : result.getRecord().getDToken().toString();
            String selector = result.getRecord() == null || result.getRecord().getSelector() == null ? null
                    : result.getRecord().getSelector().toString();
            results.add(new AuthenticationResults.Dkim(dkimResult(result), domain, selector));
        }
        return results;
    }

    private static String dkimResult(Result result) {
        return switch (result.getResultType()) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NEUTRAL -> "neutral";
            case POLICY -> "policy";
            case TEMPERROR -> "temperror";
            case PERMERROR -> "permerror";
            case NONE -> "none";
        };
    }

    /** Domain of the first RFC 5322.From address, or null when it is missing or malformed. */
    static String fromDomain(MessageContent message) {
        try (InputStream in = new BufferedInputStream(message.open())) {
            return fromDomain(headerSection(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fromDomain(String headers) {
        String unfolded = headers.replaceAll("\r\n[ \t]", " ");
        String from = null;
        for (String line : unfolded.split("\r\n")) {
            if (line.regionMatches(true, 0, "From:", 0, 5)) {
                if (from != null) {
                    // RFC 7489 §6.6.1: several From fields make the author ambiguous
                    return null;
                }
                from = line.substring(5).strip();
            }
        }
        if (from == null) {
            return null;
        }
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        String address = open >= 0 && close > open ? from.substring(open + 1, close) : from;
        int comma = address.indexOf(',');
        if (comma >= 0) {
            address = address.substring(0, comma);
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return domain.isEmpty() || !domain.matches("[\\p{L}\\p{N}.-]+") ? null : domain;
    }

    private static String headerSection(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        int b;
        int state = 0;
        while (out.size() < MAX_HEADER_BYTES && (b = in.read()) != -1) {
            out.write(b);
            // stop at the CRLF CRLF ending the header section (RFC 5322 §2.1)
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1 -> b == '\n' ? 2 : (b == '\r' ? 1 : 0);
                case 3 -> b == '\n' ? 4 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) {
                break;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
