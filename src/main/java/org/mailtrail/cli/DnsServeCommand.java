package org.mailtrail.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.dns.ZoneFileException;
import org.mailtrail.live.DnsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dns-serve}: a local authoritative DNS server (UDP and TCP) answering from a zone file. */
@Command(name = "dns-serve", mixinStandardHelpOptions = true,
        description = "Answers DNS queries over UDP and TCP from the zones of a master file, for a lab. "
                + "Listens on loopback unless told otherwise; Ctrl-C stops it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "2:bad usage or a bad zone file", "3:the address cannot be listened on"})
public final class DnsServeCommand implements Callable<Integer> {
    /** The default address: loopback, an unprivileged port. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:1053";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", description = "HOST:PORT to listen on (default: " + DEFAULT_LISTEN + ")",
            defaultValue = DEFAULT_LISTEN)
    String listen;

    @Option(names = "--zone", required = true, description = "the master (zone) file; it may hold several zones")
    Path zone;

    /** Released to stop a running server (tests); Ctrl-C ends the JVM instead. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile DnsServer running;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = HostPort.parse("--listen", listen, 53);
        WorldZones zones;
        try {
            zones = WorldZones.load(zone);
        } catch (ZoneFileException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage(), e);
        }
        if (zones.zones().isEmpty()) {
            throw new CliException(MailTrailCli.USAGE, zone + ": no zone in it (a zone needs an SOA record, e.g. after"
                    + " '$ORIGIN example.test.': '@ IN SOA ns1 hostmaster 1 3600 600 86400 300')");
        }
        try (DnsServer server = DnsServer.start(address, zones)) {
            running = server;
            StringBuilder names = new StringBuilder();
            zones.zones().forEach(z -> names.append(names.length() == 0 ? "" : ", ").append(z.getOrigin()));
            if (!server.address().getAddress().isLoopbackAddress()) {
                spec.commandLine().getErr().println("mailtrail: warning: listening on "
                        + server.address().getAddress().getHostAddress() + ", not on loopback: other machines can "
                        + "query this server");
                spec.commandLine().getErr().flush();
            }
            spec.commandLine().getOut().println("Mail Trail DNS answering for " + names + " on "
                    + server.address().getAddress().getHostAddress() + " port " + server.address().getPort()
                    + " (UDP and TCP). Ctrl-C stops.");
            spec.commandLine().getOut().flush();
            stop.await();
        } catch (IOException e) {
            throw new CliException(MailTrailCli.IO_ERROR, "cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
