package org.mailtrail.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux launcher ({@code installers/linux/launcher.sh}, bin/MailTrail in the packages) in a
 * package layout whose Java runtime is a stand-in that prints the arguments it gets: the class path
 * and options from the cfg, the compiler choice for the window and for the command line, the user's
 * arguments unchanged, a start through a symbolic link, a path with spaces, and a clear error when
 * the installation is incomplete.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("installers/linux/launcher.sh");

    @TempDir
    Path tmp;
    private Path root;
    private Path launcher;

    @BeforeEach
    void layOut() throws IOException {
        root = tmp.resolve("opt dir/mail trail");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/app"));
        Files.createDirectories(root.resolve("lib/runtime/bin"));
        launcher = root.resolve("bin/MailTrail");
        Files.copy(SCRIPT, launcher);
        launcher.toFile().setExecutable(true);
        Path java = root.resolve("lib/runtime/bin/java");
        Files.writeString(java, "#!/bin/bash\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        java.toFile().setExecutable(true);
        writeCfg("[Application]\n"
                + "app.classpath=$APPDIR/mailtrail.jar\n"
                + "app.mainclass=org.mailtrail.Main\n"
                + "app.classpath=$APPDIR/dnsjava.jar\n"
                + "\n[JavaOptions]\n"
                + "java-options=-Djpackage.app-version=0.1.0\n"
                + "java-options=-XX:SharedArchiveFile=$APPDIR/mailtrail.jsa\n");
    }

    private void writeCfg(String text) throws IOException {
        Files.writeString(root.resolve("lib/app/MailTrail.cfg"), text);
    }

    private record Run(int exit, List<String> args, String err) {
    }

    private Run run(Path program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(program.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.lines().toList(), err);
    }

    @Test
    void theWindowStartsWithTheClassPathAndOptionsOfTheCfgAndOnlyTheC1Compiler() throws Exception {
        Run r = run(launcher);
        assertEquals(0, r.exit(), r.err());
        String app = root.resolve("lib/app").toString();
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:Tier3InvocationThreshold=20",
                "-XX:Tier3MinInvocationThreshold=10", "-XX:Tier3CompileThreshold=200", "-XX:Tier3BackEdgeThreshold=5000",
                "-classpath", app + "/mailtrail.jar:" + app + "/dnsjava.jar",
                "-Djpackage.app-version=0.1.0",
                "-XX:SharedArchiveFile=" + app + "/mailtrail.jsa",
                "-Djpackage.app-path=" + launcher,
                "org.mailtrail.Main"), r.args());
    }

    @Test
    void theCommandLineKeepsBothCompilersAndGetsItsArgumentsUnchanged() throws Exception {
        Run r = run(launcher, "simulate", "--subject", "two  words", "", "it's \"quoted\"");
        assertEquals(0, r.exit(), r.err());
        assertEquals("-classpath", r.args().get(0), "no JIT options for the command line: " + r.args());
        int main = r.args().indexOf("org.mailtrail.Main");
        assertEquals(List.of("simulate", "--subject", "two  words", "", "it's \"quoted\""),
                r.args().subList(main + 1, r.args().size()));
    }

    @Test
    void aSavedSessionOpensTheWindowButAJsonThatIsNotAFileDoesNot() throws Exception {
        Path session = Files.writeString(tmp.resolve("Lesson 1.JSON"), "{}");
        assertTrue(run(launcher, session.toString()).args().contains("-XX:TieredStopAtLevel=1"));
        assertTrue(run(launcher, "--smoke").args().contains("-XX:TieredStopAtLevel=1"));
        assertFalse(run(launcher, tmp.resolve("missing.json").toString()).args().contains("-XX:TieredStopAtLevel=1"));
    }

    @Test
    void throughASymbolicLinkTheInstallationIsFoundWhereTheLinkPoints() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("mailtrail"), launcher);
        Run r = run(link, "export", "x.json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.args().contains("-XX:SharedArchiveFile=" + root.resolve("lib/app/mailtrail.jsa")), r.args().toString());
        assertTrue(r.args().contains("-Djpackage.app-path=" + launcher), r.args().toString());
    }

    @Test
    void aTieredStopAtLevelInTheCfgComesLastAndSoWins() throws Exception {
        writeCfg("app.classpath=$APPDIR/a.jar\napp.mainclass=M\njava-options=-XX:TieredStopAtLevel=4\n");
        List<String> args = run(launcher).args();
        assertTrue(args.indexOf("-XX:TieredStopAtLevel=4") > args.indexOf("-XX:TieredStopAtLevel=1"), args.toString());
    }

    @Test
    void defaultArgumentsOfTheCfgApplyOnlyWhenNoneAreGiven() throws Exception {
        writeCfg("app.classpath=$APPDIR/a.jar\napp.mainclass=M\n[ArgOptions]\narguments=--smoke\n");
        assertEquals("--smoke", last(run(launcher).args()));
        assertEquals("serve", last(run(launcher, "serve").args()));
    }

    private static String last(List<String> l) {
        return l.get(l.size() - 1);
    }

    @Test
    void anIncompleteInstallationSaysWhatIsMissing() throws Exception {
        Files.delete(root.resolve("lib/app/MailTrail.cfg"));
        Run r = run(launcher);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("cannot read " + root.resolve("lib/app/MailTrail.cfg")), r.err());

        writeCfg("app.classpath=$APPDIR/a.jar\n");
        r = run(launcher);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no app.mainclass"), r.err());

        writeCfg("app.classpath=$APPDIR/a.jar\napp.mainclass=M\n");
        Files.delete(root.resolve("lib/runtime/bin/java"));
        r = run(launcher);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no Java runtime at " + root.resolve("lib/runtime/bin/java")), r.err());
    }

    @Test
    void theDesktopEntryNamesTheWindowClassThatJavaFxGivesTheWindow() throws Exception {
        // JavaFX on GTK sets WM_CLASS to the Application class's name (seen with xprop); a dock
        // matches the window to the menu entry, and shows its icon, through StartupWMClass
        List<String> entry = Files.readAllLines(Path.of("installers/linux/mailtrail.desktop"));
        assertTrue(entry.contains("StartupWMClass=" + org.mailtrail.app.MailTrailApp.class.getName()), entry.toString());
    }
}
