package org.mailtrail.lab;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS in the lab: every server shows the lab's own self-signed certificate ({@code lab.p12}, a key that is published
 * with Mail Trail and so protects nothing outside a lab), and the lab's clients trust exactly that certificate. The
 * hosts use STARTTLS as in the simulation (RFC 3207); a client from outside sees an untrusted certificate unless it
 * is told to trust the lab's (docs/lab.md).
 */
final class LabTls {
    /** The password of the lab's key store (documented; the key is public anyway). */
    static final char[] PASSWORD = "mailtrail".toCharArray();

    private final SSLContext server;
    private final SSLContext client;
    private final String subject;

    private LabTls(SSLContext server, SSLContext client, String subject) {
        this.server = server;
        this.client = client;
        this.subject = subject;
    }

    static LabTls load() throws LabException {
        try (InputStream in = LabTls.class.getResourceAsStream("lab.p12")) {
            if (in == null) {
                throw new LabException("the lab's certificate (lab.p12) is missing from the program");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            X509Certificate cert = (X509Certificate) ks.getCertificate("lab");
            trust.setCertificateEntry("lab", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            return new LabTls(server, client, cert.getSubjectX500Principal().getName());
        } catch (IOException | GeneralSecurityException e) {
            throw new LabException("the lab's certificate cannot be read: " + e.getMessage(), e);
        }
    }

    SSLContext server() {
        return server;
    }

    SSLContext client() {
        return client;
    }

    /** The subject of the lab certificate. */
    String subject() {
        return subject;
    }
}
