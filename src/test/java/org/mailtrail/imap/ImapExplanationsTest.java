package org.mailtrail.imap;

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

/** Every verb the IMAP machines report and every response kind has a plain-language explanation in both languages. */
class ImapExplanationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"explanations.properties", "explanations_de.properties"})
    void everyVerbAndKindIsExplained(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/mailtrail/timeline/" + file)) {
            assertThat(in).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        ImapTalk t = new ImapTalk(new ImapServer.Config("imap.example.net", true, false, false));
        t.start();
        t.say("a CAPABILITY\r\nb NOOP\r\nc AUTHENTICATE PLAIN\r\nd STARTTLS\r\n");
        t.server.tlsEstablished();
        t.say("e LOGIN bob s3cret\r\nf LIST \"\" *\r\ng LSUB \"\" *\r\nh STATUS INBOX (MESSAGES)\r\ni EXAMINE INBOX\r\n"
                + "j SELECT INBOX\r\nk FETCH 1 FLAGS\r\nl UID FETCH 1 FLAGS\r\nm STORE 1 +FLAGS (\\Seen)\r\n"
                + "n UID STORE 1 -FLAGS (\\Seen)\r\no SEARCH ALL\r\np UID SEARCH ALL\r\nq CHECK\r\nr EXPUNGE\r\n"
                + "s UNSELECT\r\nt SELECT INBOX\r\nu CLOSE\r\nv LOGOUT\r\n");
        Set<String> verbs = new TreeSet<>();
        t.events(ImapServerEvent.CommandReceived.class).forEach(c -> verbs.add(c.verb().toLowerCase(Locale.ROOT)));
        assertThat(verbs).hasSize(21);
        Set<String> kinds = new TreeSet<>();
        MailboxDirectory dir = ImapTalk.bobWithTwoMessages();
        ImapServer.Config tls = new ImapServer.Config("imap.example.net", true, false, true);
        for (ImapRetriever r : new ImapRetriever[] {new ImapRetriever("bob", "s3cret", 0, true),
            new ImapRetriever("bob", "wrong", 0, true)}) {
            ImapPump pump = new ImapPump(r, new ImapServer(tls, dir));
            pump.run();
            kinds.addAll(pump.responseKinds());
        }
        kinds.add("bad"); // a tagged BAD, shown in ImapRetrieverScriptTest
        assertThat(kinds).containsExactly("bad", "capability", "fetch", "greeting", "logout", "no", "ok", "select",
                "starttls");
        for (String v : verbs) {
            assertThat(p.getProperty("mailbox.imap.cmd." + v)).as(file + " mailbox.imap.cmd." + v).isNotBlank();
        }
        for (String k : kinds) {
            assertThat(p.getProperty("mailbox.imap.reply." + k)).as(file + " mailbox.imap.reply." + k).isNotBlank();
        }
    }
}
