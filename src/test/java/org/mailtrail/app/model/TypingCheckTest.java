package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldDraft;
import org.mailtrail.world.WorldLoader;

/** The world editor checks a field while it is typed in, with the loader's words, and changes nothing until the edit. */
class TypingCheckTest {
    private final ObjectProperty<World> world = new SimpleObjectProperty<>();
    private WorldEditorViewModel vm;

    @BeforeEach
    void openDirect() throws Exception {
        vm = new WorldEditorViewModel(TaskRunner.inline(), world);
        world.set(new WorldLoader().load("direct"));
    }

    @Test
    void aSmartHostThatIsNoHostIsSaidWhileTypingAndNothingChanges() {
        WorldDraft before = vm.draftProperty().get();
        vm.typing().hostField("host-smartHost", "mail.example.org", "smartHost", "nowhere.example.org");
        assertThat(vm.typing().fieldProperty().get()).isEqualTo("host-smartHost");
        assertThat(vm.typing().problemProperty().get()).isEqualTo(
                "host mail.example.org: smartHost names 'nowhere.example.org', which is not a host of this world");
        assertThat(vm.draftProperty().get()).as("typing is not an edit").isSameAs(before);
        assertThat(vm.canUndoProperty().get()).isFalse();
        assertThat(vm.modifiedProperty().get()).isFalse();
        assertThat(vm.problemProperty().get()).as("the world itself has no problem").isEmpty();

        vm.typing().hostField("host-smartHost", "mail.example.org", "smartHost", "mx1.example.net");
        assertThat(vm.typing().problemProperty().get()).as("another host of the world is accepted").isEmpty();
    }

    @Test
    void theEditorsOwnInputRulesAnswerToo() {
        vm.typing().hostField("host-smartHost", "mail.example.org", "smartHost", "a\r\nb");
        assertThat(vm.typing().problemProperty().get()).isNotEmpty();
        vm.typing().setting("retryIntervalField", "retry.intervalMinutes", "0");
        assertThat(vm.typing().fieldProperty().get()).isEqualTo("retryIntervalField");
        assertThat(vm.typing().problemProperty().get()).startsWith("retry: intervalMinutes must be positive");
        vm.typing().setting("retryIntervalField", "retry.intervalMinutes", "30");
        assertThat(vm.typing().problemProperty().get()).as("the value the world has").isEmpty();
        vm.typing().setting("retryIntervalField", "retry.intervalMinutes", "45");
        assertThat(vm.typing().problemProperty().get()).isEmpty();
    }

    @Test
    void makingTheEditForgetsWhatWasTyped() {
        vm.typing().hostField("host-smartHost", "mail.example.org", "smartHost", "nowhere.example.org");
        assertThat(vm.typing().problemProperty().get()).isNotEmpty();
        vm.setHostField("mail.example.org", "smartHost", "nowhere.example.org");
        assertThat(vm.typing().problemProperty().get()).isEmpty();
        assertThat(vm.typing().fieldProperty().get()).isEmpty();
        assertThat(vm.problemProperty().get()).as("now the world's own problem").contains("nowhere.example.org");
    }

    @Test
    void aProblemTheWorldHasAlreadyIsNotBlamedOnTheTypedText() {
        vm.setHostField("mail.example.org", "smartHost", "nowhere.example.org");
        String standing = vm.problemProperty().get();
        assertThat(standing).isNotEmpty();
        vm.typing().hostField("host-software", "mx1.example.net", "smtp.software", "Exim 4.97");
        assertThat(vm.typing().problemProperty().get()).isEmpty();
    }

    @Test
    void onlyTheAnswerToTheLatestTextCounts() {
        List<Runnable> pending = new ArrayList<>();
        TaskRunner later = new TaskRunner() {
            @Override
            public <T> void run(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
                pending.add(() -> onSuccess.accept(work.get()));
            }
        };
        TypingCheck check = new TypingCheck(later, vm.draftProperty()::get, WorldLoader::new, () -> "");
        check.setting("f", "retry.intervalMinutes", "0");
        check.setting("f", "retry.intervalMinutes", "45");
        assertThat(pending).hasSize(2);
        pending.get(1).run();
        pending.get(0).run(); // the answer to the older text comes last
        assertThat(check.problemProperty().get()).isEmpty();
    }
}
