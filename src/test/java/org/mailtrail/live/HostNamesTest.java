package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HostNamesTest {
    /** The former definition, with regular expressions: the hand-written check must agree with it everywhere. */
    private static boolean reference(String h) {
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : h.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return h.contains(":") && h.matches("[0-9A-Fa-f:.]+");
    }

    @Test
    void addressLiteralsAreToldFromNames() {
        for (String yes : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "192.0.2.1", "::1", "2001:db8::1",
            "::ffff:192.0.2.1", "FE80::1", "1:2:3:4:5:6:7:8", "007.1.1.1"}) {
            assertThat(HostNames.isAddressLiteral(yes)).as(yes).isTrue();
        }
        for (String no : new String[] {"", ".", "1.2.3", "1.2.3.4.5", "1.2.3.4.", ".1.2.3.4", "256.1.1.1", "1..2.3",
            "1234.1.1.1", "mx.example.org", "localhost", "1.2.3.a", "example", "2001:db8::g", "[::1]", "1.2.3.4 ",
            "١.٢.٣.٤", "0x7f.0.0.1", "deadbeef"}) {
            assertThat(HostNames.isAddressLiteral(no)).as(no).isFalse();
        }
    }

    @Test
    void agreesWithTheRegularExpressionsOnRandomStrings() {
        Random r = new Random(5321);
        String alphabet = "0123456789.:abfgAFG9 ";
        for (int i = 0; i < 300_000; i++) {
            int len = r.nextInt(18);
            StringBuilder b = new StringBuilder(len);
            for (int k = 0; k < len; k++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertThat(HostNames.isAddressLiteral(s)).as(s).isEqualTo(reference(s));
        }
        for (int a = 0; a < 1000; a += 7) { // every length of every part, around 255
            String s = a + "." + (a / 3) + "." + (999 - a) + "." + (a % 256);
            assertThat(HostNames.isAddressLiteral(s)).as(s).isEqualTo(reference(s));
        }
    }

    @Test
    void splitTellsPortsFromIpv6AndRefusesWhatIsNeither() {
        assertThat(HostNames.split("x", "mx.example.net:2525", 25, 1)).isEqualTo(new HostNames.HostPort("mx.example.net", 2525));
        assertThat(HostNames.split("x", "127.0.0.1", 25, 1)).isEqualTo(new HostNames.HostPort("127.0.0.1", 25));
        assertThat(HostNames.split("x", "::1", 25, 1)).isEqualTo(new HostNames.HostPort("::1", 25));
        assertThat(HostNames.split("x", "[::1]:2525", 25, 1)).isEqualTo(new HostNames.HostPort("::1", 2525));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostNames.split("--smarthost", "127.0.0.1:25251:9", 587, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--smarthost: not HOST[:PORT]");
    }
}
