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

    @Test
    void errorsAreSaidInTheWindowsLanguageAndStayAsTheCommandLineSaysThemInEnglish() {
        ComposeViewModel vm = new ComposeViewModel();
        vm.fromProperty().set("");
        vm.toProperty().set("bob@");
        vm.subjectProperty().set("Hi\nthere");
        assertThat(vm.validate()).isFalse();
        java.util.List<org.mailtrail.engine.Compose.FieldError> cli = vm.toCompose().validate();
        assertThat(vm.toErrorProperty().get()).isEqualTo(cli.stream().filter(e -> e.field().equals("to"))
                .map(org.mailtrail.engine.Compose.FieldError::message).findFirst().orElseThrow());
        vm.useMessages(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.ENGLISH));
        assertThat(vm.validate()).isFalse();
        assertThat(vm.fromErrorProperty().get()).isEqualTo("an address is needed");
        assertThat(vm.toErrorProperty().get()).startsWith("'bob@' is not a mailbox: invalid address");
        assertThat(vm.subjectErrorProperty().get()).isEqualTo("a subject is one line: it must not contain CR or LF");
        vm.useMessages(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.GERMAN));
        assertThat(vm.validate()).isFalse();
        assertThat(vm.fromErrorProperty().get()).isEqualTo("Hier fehlt eine Adresse");
        assertThat(vm.toErrorProperty().get()).isEqualTo("\u201ebob@\u201c ist keine g\u00fcltige Postfachadresse"
                + " (RFC 5321 \u00a74.1.2)");
        assertThat(vm.subjectErrorProperty().get()).startsWith("Der Betreff ist eine einzige Zeile");
        vm.toProperty().set("");
        assertThat(vm.validate()).isFalse();
        assertThat(vm.toErrorProperty().get()).isEqualTo("Mindestens ein Empf\u00e4nger wird gebraucht");
    }
}
