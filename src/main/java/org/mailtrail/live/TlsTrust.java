package org.mailtrail.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a live client judges a server's certificate after STARTTLS, as mail servers do among themselves (RFC 7435,
 * RFC 3207): the JDK trust store with the host-name check, plus any lab certificates the user pinned explicitly
 * ({@code --trust-cert}). The verdict — trusted or not, and why — goes on the timeline. Opportunistic TLS goes on
 * with an untrusted certificate; required TLS stops.
 */
public final class TlsTrust {
    private final X509ExtendedTrustManager jdk;
    private final List<X509Certificate> pinned;

    private TlsTrust(X509ExtendedTrustManager jdk, List<X509Certificate> pinned) {
        this.jdk = jdk;
        this.pinned = List.copyOf(pinned);
    }

    /** The JDK's default trust store plus the certificates in {@code pemFiles} (may be empty). */
    public static TlsTrust load(List<Path> pemFiles) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : pemFiles) {
            certs.addAll(readCertificates(p));
        }
        return new TlsTrust(JdkTrust.manager(), certs);
    }

    /** The JDK's trust manager, loaded once: reading the trust store takes longer than a whole SMTP session. */
    private static final class JdkTrust {
        private static X509ExtendedTrustManager manager;

        static synchronized X509ExtendedTrustManager manager() throws IOException {
            if (manager == null) {
                try {
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init((KeyStore) null);
                    for (TrustManager tm : tmf.getTrustManagers()) {
                        if (tm instanceof X509ExtendedTrustManager x) {
                            manager = x;
                        }
                    }
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot load the JDK trust store: " + e.getMessage(), e);
                }
                if (manager == null) {
                    throw new IOException("the JDK has no X.509 trust manager");
                }
            }
            return manager;
        }
    }

    /** The certificates of a PEM (or DER) file; a clear error names the file. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no certificate in the file (expected PEM \"BEGIN CERTIFICATE\")");
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a certificate file: " + e.getMessage(), e);
        }
    }

    /** A verdict-keeping trust manager for one handshake; with {@code enforce} an untrusted chain fails it. */
    public Judge judge(boolean enforce) {
        return new Judge(enforce);
    }

    /** Judges one server's chain and remembers the verdict. */
    public final class Judge extends X509ExtendedTrustManager {
        private final boolean enforce;
        private volatile String verdict = "no certificate seen";
        private volatile boolean trusted;
        private volatile X509Certificate leaf;

        private Judge(boolean enforce) {
            this.enforce = enforce;
        }

        /** An SSL context using this judge. */
        public SSLContext context() throws GeneralSecurityException {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx;
        }

        /** "trusted: …" or "not trusted: …". */
        public String verdict() {
            return verdict;
        }

        public boolean trusted() {
            return trusted;
        }

        /** The server's certificate subject, or "" before the handshake. */
        public String subject() {
            X509Certificate c = leaf;
            return c == null ? "" : c.getSubjectX500Principal().getName();
        }

        private void check(X509Certificate[] chain, String authType, Socket socket, SSLEngine engine)
                throws CertificateException {
            leaf = chain == null || chain.length == 0 ? null : chain[0];
            if (leaf != null) {
                for (X509Certificate p : pinned) {
                    if (p.equals(leaf)) {
                        try {
                            leaf.checkValidity();
                            trusted = true;
                            verdict = "trusted: the lab certificate given with --trust-cert ("
                                    + leaf.getSubjectX500Principal().getName() + ")";
                            return;
                        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                            fail("the pinned lab certificate is outside its validity period: " + e.getMessage(), e);
                            return;
                        }
                    }
                }
            }
            try {
                if (engine != null) {
                    jdk.checkServerTrusted(chain, authType, engine);
                } else {
                    jdk.checkServerTrusted(chain, authType, socket);
                }
                trusted = true;
                verdict = "trusted: signed by a CA in the JDK trust store and issued for this host name";
            } catch (CertificateException e) {
                fail(reason(e), e);
            }
        }

        private void fail(String why, CertificateException e) throws CertificateException {
            trusted = false;
            verdict = "not trusted: " + why + (enforce ? "" : " (opportunistic TLS: the session goes on encrypted,"
                    + " RFC 7435)");
            if (enforce) {
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType, socket, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, null, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not judge client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not judge client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not judge client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return ((X509TrustManager) jdk).getAcceptedIssuers();
        }
    }

    /** Says in words why the JDK refused a chain. */
    static String reason(CertificateException e) {
        String m = String.valueOf(e.getMessage());
        Throwable t = e;
        while (t != null) {
            if (t instanceof CertificateExpiredException) {
                return "the certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the certificate is not valid yet";
            }
            t = t.getCause();
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "the certificate is not issued for this host name (" + m + ")";
        }
        if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
            return "no CA in the trust store vouches for it (self-signed or private CA)";
        }
        return m;
    }
}
