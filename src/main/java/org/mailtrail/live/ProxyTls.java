package org.mailtrail.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The proxy's two TLS sessions after a client's STARTTLS (RFC 3207 §4; docs/inspect.md): towards the client
 * the proxy is the server and shows its own certificate (the lab certificate by default, or {@code --tls-cert} with
 * {@code --tls-key}); towards the upstream it is a client and judges the upstream's certificate as {@code send} does
 * ({@link TlsTrust}: the JDK trust store and the host-name check of RFC 6125), going on with an untrusted one
 * (opportunistic TLS, RFC 7435) and saying so in the verdict.
 */
public final class ProxyTls {
    private static final char[] LAB_PASSWORD = "mailtrail".toCharArray();

    private ProxyTls() {
    }

    /** The lab's key and self-signed certificate ({@code org/mailtrail/lab/lab.p12}, published, docs/lab.md). */
    public static SSLContext lab() {
        try (InputStream in = ProxyTls.class.getResourceAsStream("/org/mailtrail/lab/lab.p12")) {
            if (in == null) {
                throw new IllegalStateException("the lab's certificate (lab.p12) is missing from the program");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, LAB_PASSWORD);
            return context(ks, LAB_PASSWORD);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the lab's certificate cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A key and its certificate chain from PEM files ({@code -----BEGIN CERTIFICATE-----}, and an unencrypted
     * PKCS#8 {@code -----BEGIN PRIVATE KEY-----}, RSA or EC); every problem names the file.
     */
    public static SSLContext fromPem(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = TlsTrust.readCertificates(certFile);
        if (!Files.isRegularFile(keyFile)) {
            throw new IOException(keyFile + ": no such file");
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IOException(keyFile + ": not an unencrypted PKCS#8 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        }
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new IOException(keyFile + ": no '-----BEGIN PRIVATE KEY-----' block (PEM, PKCS#8)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + 27, e));
        } catch (IllegalArgumentException x) {
            throw new IOException(keyFile + ": the key block is not Base64: " + x.getMessage(), x);
        }
        PrivateKey key = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException x) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new IOException(keyFile + ": not an RSA, EC or Ed25519 private key");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("proxy", key, LAB_PASSWORD, chain.toArray(new Certificate[0]));
            return context(ks, LAB_PASSWORD);
        } catch (GeneralSecurityException x) {
            throw new IOException(certFile + " and " + keyFile + ": the key does not go with the certificate ("
                    + x.getMessage() + ")", x);
        }
    }

    private static SSLContext context(KeyStore ks, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A finished handshake: the TLS socket and what the timeline says of it. */
    record Done(SSLSocket socket, String protocol, String cipher, String subject, String verdict) {
    }

    /** The server side towards the client, with the proxy's certificate; throws when the handshake fails. */
    static Done towardsClient(SSLContext ctx, Socket raw) throws IOException {
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, raw.getInetAddress().getHostAddress(),
                raw.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        SSLSession s = ssl.getSession();
        Certificate[] mine = s.getLocalCertificates();
        String subject = mine != null && mine.length > 0 && mine[0] instanceof X509Certificate x
                ? x.getSubjectX500Principal().getName() : "(none)";
        return new Done(ssl, s.getProtocol(), s.getCipherSuite(), subject, "the client accepted the proxy's own "
                + "certificate (" + subject + "), not the upstream's: a client that checks certificates only does so "
                + "when told to trust this one");
    }

    /** The client side towards the upstream named {@code name}; throws when the handshake fails. */
    static Done towardsUpstream(Socket raw, String name) throws IOException {
        TlsTrust.Judge judge = TlsTrust.load(List.of()).judge(false);
        try {
            SSLSocket ssl = (SSLSocket) judge.context().getSocketFactory().createSocket(raw, name,
                    raw.getPort(), true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the host-name check of RFC 6125
            ssl.setSSLParameters(p);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            SSLSession s = ssl.getSession();
            return new Done(ssl, s.getProtocol(), s.getCipherSuite(), judge.subject(), judge.verdict());
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
