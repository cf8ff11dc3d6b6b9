package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;

/** Session → Open… with a capture or a transcript (issue 17), reading on the TaskRunner, without a robot. */
class OpenCaptureViewModelTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/org/mailtrail/capture/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    @Test
    void aCaptureOpensOnTheTaskRunnerAndIsSteppedLikeASession() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        TaskRunner deferred = new TaskRunner() {
            @Override
            public <T> void run(java.util.function.Supplier<T> work, java.util.function.Consumer<T> done,
                                java.util.function.Consumer<Throwable> failed) {
                queued.add(() -> TaskRunner.inline().run(work, done, failed));
            }
        };
        MainViewModel vm = new MainViewModel(deferred);
        vm.openSession(fixture("smtp-pipelining-dns.pcapng"));
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.session().sizeProperty().get()).isZero(); // nothing read on the calling thread
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.session().sizeProperty().get()).isGreaterThan(20);
        assertThat(vm.session().currentProperty().get().kind()).isEqualTo(EventKind.DNS_QUERY);
        assertThat(vm.noticeProperty().get()).isEqualTo("smtp-pipelining-dns.pcapng");
    }

    @Test
    void aTranscriptOpensAndAForeignFileOnlySetsTheError() throws Exception {
        MainViewModel vm = new MainViewModel(TaskRunner.inline());
        vm.openSession(fixture("swaks-starttls.txt"));
        assertThat(vm.errorProperty().get()).isEmpty();
        int size = vm.session().sizeProperty().get();
        assertThat(size).isGreaterThan(10);
        Path foreign = Files.write(dir.resolve("notes.txt"), "lunch at noon\n".getBytes());
        vm.openSession(foreign);
        assertThat(vm.errorProperty().get()).contains("notes.txt", "not a Mail Trail session log");
        assertThat(vm.session().sizeProperty().get()).isEqualTo(size); // what was shown stays
    }
}
