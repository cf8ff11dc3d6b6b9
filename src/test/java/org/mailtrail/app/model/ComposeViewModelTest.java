package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComposeViewModelTest {
    @Test
    void addressesAreSplitAndANameBeforeAnAddressInAngleBracketsIsLeftOut() {
        assertThat(ComposeViewModel.split("bob@example.net, carol@example.net; dave@example.net erin@school.test"))
                .containsExactly("bob@example.net", "carol@example.net", "dave@example.net", "erin@school.test");
        assertThat(ComposeViewModel.split("Bob Smith <bob@example.net>, carol@example.net"))
                .containsExactly("bob@example.net", "carol@example.net");
        ComposeViewModel vm = new ComposeViewModel();
        vm.fromProperty().set("Alice Example <alice@example.org>");
        vm.toProperty().set("Bob Smith <bob@example.net>");
        vm.subjectProperty().set("Hi");
        assertThat(vm.validate()).isTrue();
        assertThat(vm.toCompose().from()).isEqualTo("alice@example.org");
        assertThat(vm.toCompose().to()).containsExactly("bob@example.net");
    }

    @Test
    void anErrorGoesWhenItsFieldIsEdited() {
        ComposeViewModel vm = new ComposeViewModel();
        vm.fromProperty().set("alice@example.org");
        vm.toProperty().set("bob@");
        assertThat(vm.validate()).isFalse();
        assertThat(vm.toErrorProperty().get()).contains("bob@");
        vm.toProperty().set("bob@example.net");
        assertThat(vm.toErrorProperty().get()).isEmpty();
    }
}
