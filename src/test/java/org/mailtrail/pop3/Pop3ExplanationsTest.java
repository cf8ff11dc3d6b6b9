package org.mailtrail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.mailbox.MailboxDirectory;

/** Every verb the POP3 machines report and every response kind has a plain-language explanation in both languages. */
class Pop3ExplanationsTest {

    static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Pop3ExplanationsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"explanations.properties", "explanations_de.properties"})
    void everyVerbAndKindIsExplained(String file) throws IOException {
        Properties p = load("org/mailtrail/timeline/" + file);
        Pop3Talk t = new Pop3Talk(new Pop3Server.Config("pop.example.net", true, false, false));
        t.start();
        t.say("CAPA\r\nUSER bob\r\nSTLS\r\n");
        t.server.tlsEstablished();
        t.say("USER bob\r\nPASS s3cret\r\nSTAT\r\nLIST\r\nUIDL\r\nTOP 1 1\r\nRETR 1\r\nDELE 1\r\nRSET\r\nNOOP\r\nAUTH\r\nQUIT\r\n");
        Set<String> verbs = new TreeSet<>();
        t.events(Pop3ServerEvent.CommandReceived.class).forEach(c -> verbs.add(c.verb().toLowerCase(Locale.ROOT)));
        assertThat(verbs).hasSize(14);
        Set<String> kinds = new TreeSet<>();
        MailboxDirectory dir = Pop3Talk.bobWithTwoMessages();
        for (Pop3Retriever r : new Pop3Retriever[] {new Pop3Retriever("bob", "s3cret", 0, true),
            new Pop3Retriever("bob", "wrong", 0, true)}) {
            Pop3Pump pump = new Pop3Pump(r, new Pop3Server(new Pop3Server.Config("pop.example.net", true, false, true), dir));
            pump.run();
            pump.clientEvents.forEach(e -> {
                if (e instanceof Pop3ClientEvent.Send) {
                    verbs.add(((Pop3ClientEvent.Send) e).verb().toLowerCase(Locale.ROOT));
                }
            });
            kinds.addAll(pump.responseKinds());
        }
        assertThat(kinds).containsExactly("capa", "err", "greeting", "ok", "quit", "retr", "stat", "stls");
        for (String v : verbs) {
            assertThat(p.getProperty("mailbox.pop3.cmd." + v)).as(file + " mailbox.pop3.cmd." + v).isNotBlank();
        }
        for (String k : kinds) {
            assertThat(p.getProperty("mailbox.pop3.reply." + k)).as(file + " mailbox.pop3.reply." + k).isNotBlank();
        }
    }
}
