package org.mailtrail.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol core, the engine and the timeline do no I/O of their own and know nothing of the GUI. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mailtrail");
    }

    @Test
    void coreImportsNeitherJavafxNorJavaNet() {
        noClasses().that().resideInAnyPackage("org.mailtrail.smtp..", "org.mailtrail.engine..",
                        "org.mailtrail.timeline..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.net..")
                .check(classes);
    }

    @Test
    void coreReachesNoSocketsFilesOrClocks() {
        noClasses().that().resideInAnyPackage("org.mailtrail.smtp..", "org.mailtrail.engine..",
                        "org.mailtrail.timeline..", "org.mailtrail.dns..", "org.mailtrail.world..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .check(classes);
    }

    @Test
    void coreReadsNoWallClock() {
        noClasses().that().resideInAnyPackage("org.mailtrail.smtp..", "org.mailtrail.engine..",
                        "org.mailtrail.timeline..", "org.mailtrail.dns..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(classes);
    }

    /** The mail-host core and the protocol machines: what a transport (simulation, lab, send, serve) drives. */
    private static final String[] MAIL_HOST_CORE = {"org.mailtrail.smtp..", "org.mailtrail.engine..",
        "org.mailtrail.timeline..", "org.mailtrail.mailbox..", "org.mailtrail.pop3..", "org.mailtrail.imap.."};

    @Test
    void mailHostCoreDoesNoNetworkingFilesClocksOrThreads() {
        noClasses().that().resideInAnyPackage(MAIL_HOST_CORE)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..",
                        "java.nio.file..", "java.util.concurrent..", "javafx..")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.File.*")
                .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.Random.*")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
                .check(classes);
    }

    @Test
    void mailHostCoreReadsNoClock() {
        noClasses().that().resideInAnyPackage(MAIL_HOST_CORE)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .check(classes);
    }

    /**
     * The view models use JavaFX's properties and collections only, never its toolkit (no scene, window or
     * {@code Platform}): they can be tested without one and made on any thread before the window binds to them.
     */
    @Test
    void viewModelsTouchNoToolkit() {
        noClasses().that().resideInAnyPackage("org.mailtrail.app.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.application..", "javafx.scene..",
                        "javafx.stage..", "javafx.concurrent..", "com.sun.javafx..")
                .check(classes);
    }

    @Test
    void onlyTheAppTouchesJavafx() {
        noClasses().that().resideOutsideOfPackages("org.mailtrail.app..", "org.mailtrail")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(classes);
    }
}
