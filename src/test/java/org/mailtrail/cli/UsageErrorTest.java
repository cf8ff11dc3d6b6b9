package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * A command line that cannot be parsed is answered in one line that names the command, the option and what is wrong
 * with its value, in words (tester finding: {@code --slot-wait abc} said "is not a double", followed by forty lines
 * of usage), and exit status 2.
 */
class UsageErrorTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve|--slot-wait|abc|'abc' is not a number",
        "serve|--idle-timeout|NaN|'NaN' is not a number",
        "serve|--idle-timeout|1e999|'1e999' is too large",
        "serve|--max-connections|2.5|'2.5' is not a whole number",
        "serve|--max-connections|99999999999|'99999999999' is too large (at most 2147483647)",
        "proxy|--connect-timeout|soon|'soon' is not a number",
    })
    void aBadNumberIsNamedWithItsOptionInWords(String command, String option, String value, String said) {
        assertThat(run(command, option, value)).isEqualTo(MailTrailCli.USAGE);
        String[] lines = err.toString().split("\\R");
        assertThat(lines[0]).isEqualTo("mailtrail " + command + ": Invalid value for option '" + option + "': "
                + said);
        assertThat(lines[lines.length - 1]).isEqualTo("See 'mailtrail " + command + " --help' for the options.");
        assertThat(err.toString()).doesNotContain("Usage:", "double", " int");
        assertThat(out.toString()).isEmpty();
    }

    /** Tester finding: the same check said in different words by different commands. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve|--domain|example.test|--max-connections|0|--max-connections 0: must be from 1 to 10000",
        "proxy|--upstream|127.0.0.1:25|--max-connections|0|--max-connections 0: must be from 1 to 10000",
        "send|--to|bob@example.test|--starttls|maybe|--starttls must be auto, require or off, not 'maybe'",
        "proxy|--upstream|127.0.0.1:25|--tls-upstream|maybe|--tls-upstream must be auto, require or off, not 'maybe'",
    })
    void theSameCheckIsWordedAlikeInEveryCommand(String command, String required, String given, String option,
                                                 String value, String said) {
        String[] args = command.equals("send")
                ? new String[] {command, "--from", "alice@example.org", required, given, option, value}
                : new String[] {command, required, given, option, value};
        assertThat(run(args)).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString().split("\\R")[0]).isEqualTo("mailtrail " + command + ": " + said);
    }

    @Test
    void aMistypedOptionGetsTheOptionItWasMeantToBe() {
        assertThat(run("serve", "--domain", "example.test", "--max-conections", "5")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).startsWith("mailtrail serve: Unknown options: '--max-conections', '5'")
                .contains("Possible solutions: ", "--max-connections").doesNotContain("Usage:");
    }

    @Test
    void aMistypedRequiredOptionIsNamedNotHiddenBehindTheMissingOne() {
        assertThat(run("serve", "--domian", "example.test")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).startsWith("mailtrail serve: Unknown options: '--domian', 'example.test'")
                .contains("--domain").doesNotContain("Missing required");
    }

    @Test
    void aValueOutOfRangeIsEchoedAsWrittenAndNamesTheCommand() {
        assertThat(run("serve", "--domain", "example.test", "--idle-timeout", "99999999999"))
                .isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).isEqualTo("mailtrail serve: --idle-timeout 99999999999: give seconds, from 0.001"
                + " to 86400" + System.lineSeparator() + "See 'mailtrail serve --help' for the options."
                + System.lineSeparator());
        assertThat(Numbers.text(-1)).isEqualTo("-1");
        assertThat(Numbers.text(0.0001)).isEqualTo("0.0001");
        assertThat(Numbers.text(-0.0)).isEqualTo("0");
        assertThat(Numbers.text(2.5)).isEqualTo("2.5");
        assertThat(Numbers.text(Double.NaN)).isEqualTo("NaN");
        assertThat(Numbers.seconds("--x", 0.001)).isEqualTo(java.time.Duration.ofMillis(1));
        assertThat(Numbers.seconds("--x", 86_400)).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(Numbers.seconds("--x", 2.5)).isEqualTo(java.time.Duration.ofMillis(2_500));
        for (double bad : new double[] {0.0009, 86_400.001, -1, Double.NaN}) {
            assertThatThrownBy(() -> Numbers.seconds("--x", bad)).isInstanceOf(CliException.class)
                    .hasMessage("--x " + Numbers.text(bad) + ": give seconds, from 0.001 to 86400");
        }
        assertThat(Numbers.integer(String.valueOf(Integer.MIN_VALUE))).isEqualTo(Integer.MIN_VALUE);
        assertThatThrownBy(() -> Numbers.integer(String.valueOf(Integer.MIN_VALUE - 1L)))
                .hasMessageEndingWith("is too small (at least -2147483648)");
    }

    @Test
    void aBadPortOfTheLabNamesItsOption() {
        assertThat(run("lab", "--dns-port", "0")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).startsWith("mailtrail lab: --dns-port 0: give a port from 1 to 65535");
    }

    @Test
    void helpNamesACommand() {
        assertThat(run("help", "serve")).isZero();
        assertThat(out.toString()).contains("Usage: mailtrail serve");
    }

    @Test
    void noSubcommandSaysWhichThereAre() {
        assertThat(run()).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).startsWith("mailtrail: a subcommand is needed (simulate, send, serve")
                .contains("See 'mailtrail --help' for the options.");
    }

    @Test
    void numbersAreReadAsWrittenAndNothingElse() {
        assertThat(Numbers.decimal("2.5")).isEqualTo(2.5);
        assertThat(Numbers.decimal(" .5 ")).isEqualTo(0.5);
        assertThat(Numbers.decimal("1e3")).isEqualTo(1000.0);
        assertThat(Numbers.decimal("-3")).isEqualTo(-3.0);
        assertThat(Numbers.integer("42")).isEqualTo(42);
        assertThat(Numbers.integer("-7")).isEqualTo(-7);
        assertThat(Numbers.integer(String.valueOf(Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
        assertThat(Numbers.whole("9999999999")).isEqualTo(9_999_999_999L);
        for (String bad : new String[] {"", "0x10", "1d", "Infinity", "1,5", "1.2.3", "e3"}) {
            assertThatThrownBy(() -> Numbers.decimal(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class).hasMessage("'" + bad + "' is not a number");
        }
        assertThatThrownBy(() -> Numbers.integer(String.valueOf(Integer.MAX_VALUE + 1L)))
                .hasMessageEndingWith("is too large (at most 2147483647)");
        assertThatThrownBy(() -> Numbers.integer("1.0")).hasMessage("'1.0' is not a whole number");
        assertThatThrownBy(() -> Numbers.whole("99999999999999999999")).hasMessageEndingWith("is too large");
    }
}
