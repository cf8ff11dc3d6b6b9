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

    @Test
    void aBodyTooLongForTheFormIsHeldWholeAndShownOnlyInPart() {
        ComposeViewModel vm = new ComposeViewModel();
        String big = "x".repeat(ComposeViewModel.EDITABLE_BODY) + "the end";
        vm.fill(new org.mailtrail.engine.Compose("alice@example.org", java.util.List.of("bob@example.net"),
                java.util.List.of(), "Big", big));
        assertThat(vm.heldBodyLengthProperty().get()).isEqualTo(big.length());
        assertThat(vm.bodyProperty().get()).hasSizeLessThan(ComposeViewModel.HELD_PREVIEW + 10).endsWith("[…]");
        assertThat(vm.toCompose().body()).isEqualTo(big); // Run sends it whole
        vm.fromProperty().set("carol@example.org"); // other fields stay editable
        assertThat(vm.toCompose().body()).isEqualTo(big);

        vm.replaceHeldBody();
        assertThat(vm.heldBodyLengthProperty().get()).isZero();
        assertThat(vm.toCompose().body()).isEmpty();
    }

    @Test
    void aBodyAtTheLimitIsTheFormsOwnAndABodySetLaterReplacesAHeldOne() {
        ComposeViewModel vm = new ComposeViewModel();
        String most = "y".repeat(ComposeViewModel.EDITABLE_BODY);
        vm.fill(new org.mailtrail.engine.Compose("alice@example.org", java.util.List.of("bob@example.net"),
                java.util.List.of(), "At the limit", most));
        assertThat(vm.heldBodyLengthProperty().get()).isZero();
        assertThat(vm.bodyProperty().get()).isEqualTo(most);

        vm.fill(new org.mailtrail.engine.Compose("alice@example.org", java.util.List.of("bob@example.net"),
                java.util.List.of(), "Over", most + "z"));
        assertThat(vm.heldBodyLengthProperty().get()).isEqualTo(most.length() + 1);
        vm.bodyProperty().set("Hello"); // e.g. a world's proposed message, or a test
        assertThat(vm.heldBodyLengthProperty().get()).isZero();
        assertThat(vm.toCompose().body()).isEqualTo("Hello");
    }
}
