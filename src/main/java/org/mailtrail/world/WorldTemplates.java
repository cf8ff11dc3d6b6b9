package org.mailtrail.world;

/** The worlds a new world starts from in the editor: the default world, or two domains and nothing else. */
public enum WorldTemplates {
    /** The default classroom world (assets/scenarios/world.yaml). */
    DEFAULT_WORLD,
    /** Alice's domain and Bob's domain, one server each: the smallest world that carries a message. */
    TWO_DOMAINS;

    private static final String TWO_DOMAINS_YAML = """
            name: two-domains
            title: Two domains
            description: Alice at example.org writes to Bob at example.net; one server on each side.
            start: 2026-01-05T09:00:00Z
            seed: 1
            defaults:
              from: alice@example.org
              to: [bob@example.net]
              subject: Hello
              body: "Hello Bob!\\n"
              route: direct
              retrieval: imap
            hosts:
              - name: alice-laptop.example.org
                role: mua
                user: alice@example.org
              - name: mail.example.org
                role: submission
                localDomains: [example.org]
                mailboxes: [alice, postmaster]
                relayFrom: [alice-laptop.example.org]
              - name: mx.example.net
                role: mx
                localDomains: [example.net]
                mailboxes: [bob, postmaster]
              - name: bob-laptop.example.net
                role: mua
                user: bob@example.net
            """;
    private static final String TWO_DOMAINS_ZONE = """
            $TTL 3600
            $ORIGIN example.org.
            @             IN SOA  ns1.example.org. hostmaster.example.org. ( 2026010501 7200 900 1209600 300 )
                          IN NS   ns1.example.org.
                          IN MX   10 mail.example.org.
            ns1           IN A    192.0.2.53
            mail          IN A    192.0.2.25
            alice-laptop  IN A    192.0.2.10
            $ORIGIN example.net.
            @             IN SOA  ns1.example.net. hostmaster.example.net. ( 2026010501 7200 900 1209600 300 )
                          IN NS   ns1.example.net.
                          IN MX   10 mx.example.net.
            ns1           IN A    198.51.100.53
            mx            IN A    198.51.100.10
            bob-laptop    IN A    198.51.100.40
            """;

    /** A new draft of this template. */
    public WorldDraft draft(WorldLoader loader) throws WorldException {
        return switch (this) {
            case DEFAULT_WORLD -> WorldDraft.open(loader, new WorldSource.BuiltIn("assets/scenarios/world.yaml"));
            case TWO_DOMAINS -> WorldDraft.of("two-domains", TWO_DOMAINS_YAML, TWO_DOMAINS_ZONE);
        };
    }
}
