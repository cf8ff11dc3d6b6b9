package org.mailtrail.world;

import java.util.List;
import java.util.Map;

/** The shape of a world file, as Jackson reads it; {@link WorldLoader} checks it and builds a {@link World}. */
final class WorldFile {
    public String name;
    public String title;
    public String description;
    @com.fasterxml.jackson.annotation.JsonProperty("extends")
    public String extendsFile;
    public String zone;
    public String start;
    public Long seed;
    public DefaultsFile defaults;
    public DnsFile dns;
    public List<HostFile> hosts;
    public LinksFile links;
    public RetryFile retry;
    public UsersFile users;
    public Map<String, TextsFile> translations;
    public Map<String, PositionFile> layout;

    static final class PositionFile {
        public Integer x;
        public Integer y;
    }

    static final class TextsFile {
        public String title;
        public String description;
    }

    static final class UsersFile {
        public String defaultPassword;
        public Map<String, String> passwords;
    }

    static final class DefaultsFile {
        public String from;
        public List<String> to;
        public List<String> cc;
        public String subject;
        public String body;
        public String route;
        public String retrieval;
    }

    static final class DnsFile {
        public String resolver;
        public String address;
        public Double latencyMs;
        public Map<String, String> faults;
    }

    static final class HostFile {
        public String name;
        public String role;
        public String address;
        public String user;
        public List<String> localDomains;
        public List<String> mailboxes;
        public String mailboxHost;
        public String smartHost;
        public List<String> relayFrom;
        public SmtpFile smtp;
    }

    static final class SmtpFile {
        public Boolean down;
        public Boolean unreachable;
        public String greeting;
        public String mailReply;
        public String dataReply;
        public Boolean dropAfterData;
        public Boolean starttls;
        public Boolean greylist;
        public Integer greylistDelaySeconds;
        public Map<String, String> rcptReplies;
        public Long maxMessageSize;
        public String software;
    }

    static final class LinksFile {
        public Double defaultLatencyMs;
        public List<LinkFile> latencies;
    }

    static final class LinkFile {
        public List<String> between;
        public Double latencyMs;
    }

    static final class RetryFile {
        public Long intervalMinutes;
        public Long giveUpHours;
    }
}
