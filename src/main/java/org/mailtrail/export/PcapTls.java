package org.mailtrail.export;

import static org.mailtrail.export.PcapExport.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Synthesized TLS 1.3 records (RFC 8446) with fixed or pseudo-random contents. */
final class PcapTls {
    private PcapTls() {
    }

    static byte[] record(int type, int version, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(type);
        PcapPackets.be16(out, version);
        PcapPackets.be16(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Application-data records standing for the plaintext: same length plus content type and tag. */
    static byte[] applicationData(byte[] plain, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 64);
        int off = 0;
        do {
            int n = Math.min(TLS_MAX_FRAGMENT, plain.length - off);
            out.writeBytes(record(23, 0x0303, bytes(r, n + TLS_OVERHEAD)));
            off += n;
        } while (off < plain.length);
        return out.toByteArray();
    }

    private static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
        out.write(type);
        out.write(body.length >>> 16);
        PcapPackets.be16(out, body.length & 0xffff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        PcapPackets.be16(out, type);
        PcapPackets.be16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] keyShare(Random r, boolean list) {
        ByteArrayOutputStream ks = new ByteArrayOutputStream();
        if (list) {
            PcapPackets.be16(ks, 36);
        }
        PcapPackets.be16(ks, 0x001d); // x25519
        PcapPackets.be16(ks, 32);
        ks.writeBytes(bytes(r, 32));
        return ks.toByteArray();
    }

    /** A ClientHello offering TLS 1.3 with the server name (RFC 6066 §3) when it is a DNS name. */
    static byte[] clientHello(Random r, String serverName, byte[] sessionId) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PcapPackets.be16(b, 0x0303); // legacy_version
        b.writeBytes(bytes(r, 32)); // random
        b.write(32);
        b.writeBytes(sessionId); // legacy_session_id (RFC 8446 §4.1.2: compatibility mode)
        PcapPackets.be16(b, 6);
        PcapPackets.be16(b, 0x1302); // TLS_AES_256_GCM_SHA384
        PcapPackets.be16(b, 0x1303); // TLS_CHACHA20_POLY1305_SHA256
        PcapPackets.be16(b, 0x1301); // TLS_AES_128_GCM_SHA256
        b.write(1);
        b.write(0); // null compression
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (serverName != null && serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")
                && PcapPackets.parseAddress(serverName) == null) {
            byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream sn = new ByteArrayOutputStream();
            PcapPackets.be16(sn, name.length + 3);
            sn.write(0); // host_name
            PcapPackets.be16(sn, name.length);
            sn.writeBytes(name);
            extension(ext, 0, sn.toByteArray());
        }
        extension(ext, 10, new byte[] {0, 2, 0, 0x1d}); // supported_groups: x25519
        extension(ext, 13, new byte[] {0, 4, 4, 3, 8, 4}); // signature_algorithms
        extension(ext, 43, new byte[] {2, 3, 4}); // supported_versions: TLS 1.3
        extension(ext, 51, keyShare(r, true));
        PcapPackets.be16(b, ext.size());
        b.writeBytes(ext.toByteArray());
        return record(22, 0x0301, handshake(1, b.toByteArray()));
    }

    /** ServerHello, change_cipher_spec, and the encrypted rest of the server's flight as opaque data. */
    static byte[] serverFlight(Random r, byte[] sessionId) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PcapPackets.be16(b, 0x0303);
        b.writeBytes(bytes(r, 32));
        b.write(32);
        b.writeBytes(sessionId); // legacy_session_id_echo
        PcapPackets.be16(b, 0x1302);
        b.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 43, new byte[] {3, 4});
        extension(ext, 51, keyShare(r, false));
        PcapPackets.be16(b, ext.size());
        b.writeBytes(ext.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(record(22, 0x0303, handshake(2, b.toByteArray())));
        out.writeBytes(record(20, 0x0303, new byte[] {1}));
        // EncryptedExtensions, Certificate, CertificateVerify, Finished: opaque to an observer
        int certificate = 900 + r.nextInt(400);
        out.writeBytes(record(23, 0x0303, bytes(r, 6 + TLS_OVERHEAD)));
        out.writeBytes(record(23, 0x0303, bytes(r, certificate + TLS_OVERHEAD)));
        out.writeBytes(record(23, 0x0303, bytes(r, 264 + TLS_OVERHEAD)));
        out.writeBytes(record(23, 0x0303, bytes(r, 52 + TLS_OVERHEAD)));
        return out.toByteArray();
    }

    /** The client's change_cipher_spec and its encrypted Finished. */
    static byte[] clientFinished(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(record(20, 0x0303, new byte[] {1}));
        out.writeBytes(record(23, 0x0303, bytes(r, 52 + TLS_OVERHEAD)));
        return out.toByteArray();
    }
}
