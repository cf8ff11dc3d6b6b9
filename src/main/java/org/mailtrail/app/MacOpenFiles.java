package org.mailtrail.app;

import java.awt.Desktop;
import java.io.File;
import java.util.function.Consumer;

/**
 * macOS hands a file opened from the Finder (double-click, "Open With", a file dropped on the Dock
 * icon) to a running application as an Apple event, not as a command-line argument. This installs
 * a {@link Desktop} open-file handler that passes each such file on.
 *
 * <p>Only ever referenced behind an {@code os.name} check ({@link MailTrailApp#launchApp}), so that on
 * Linux and Windows neither this class nor {@code java.awt.Desktop} is loaded (AWT would cost start-up time there for nothing). Untested on
 * macOS: see installers/README.md.
 */
final class MacOpenFiles {
    private MacOpenFiles() {
    }

    /**
     * Installs the handler when AWT's desktop supports it; {@code open} gets every file of every
     * open-file event, on the AWT thread that delivers the event.
     */
    static void install(Consumer<java.nio.file.Path> open) {
        if (!Desktop.isDesktopSupported()) {
            return;
        }
        Desktop desktop = Desktop.getDesktop();
        if (!desktop.isSupported(Desktop.Action.APP_OPEN_FILE)) {
            return;
        }
        desktop.setOpenFileHandler(e -> {
            for (File f : e.getFiles()) {
                open.accept(f.toPath());
            }
        });
    }
}
