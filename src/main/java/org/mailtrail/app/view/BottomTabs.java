package org.mailtrail.app.view;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.Presentation;
import org.mailtrail.app.model.SessionViewModel;

/**
 * The tabs under the diagrams: the transcript, which is in front at start, and the tabs that each build their view
 * when first shown (compare, live, server, proxy, lab, world editor), so that nothing of theirs is built, styled or
 * laid out on the way to the full window.
 *
 * <p>Theory of operation: a tab that is not in front at start is made without content; the first time it is selected
 * (a click, a test, the window remembering it in front across a change of language, or a run on both routes, which
 * brings the compare tab forward) the selection listener makes its view. Every view takes the current state from its
 * view model when it is made and follows it from then on, so a view made late shows the session and step that were
 * set before it existed, as one made at start would. Once made, a view stays until the window is closed.
 */
final class BottomTabs {
    private LivePane livePane;

    /** Fills {@code bottom}; {@code centre} and {@code middle} let the world editor take the diagram's height. */
    BottomTabs(TabPane bottom, MainViewModel vm, Presentation presentation, ResourceBundle ui, Locale locale,
               ViewScope scope, SplitPane centre, Node middle) {
        SessionViewModel s = vm.session();
        Tab transcriptTab = new Tab(ui.getString("transcript.title"), new TranscriptView(s, locale,
                presentation.fontScaleProperty(), scope));
        // not in front at start: #compareView (an empty scroll pane until then, with its scroll bars) is made when the
        // tab is first shown, like the tools' views; a run on both routes brings the tab forward
        Tab compareTab = new Tab(ui.getString("compare.title"));
        javafx.beans.binding.BooleanBinding kept = org.mailtrail.app.model.LessonSecrets.kept(vm.lessons());
        Supplier<Node> compare = () -> {
            CompareView c = new CompareView(s, ui, scope, new AlignedLadders(presentation.fontScaleProperty(),
                    presentation.highContrastProperty(), locale, scope));
            c.keepBack(kept); // a lesson's answers are not in the comparison until it is done
            c.build();
            return c;
        };
        ResourceBundle editorTexts = org.mailtrail.app.model.WorldEditorViewModel.bundle(locale);
        ResourceBundle proxyUi = ProxyPane.bundle(locale);
        Map<Tab, Supplier<Node>> lazy = new LinkedHashMap<>();
        Tab liveTab = lazy(lazy, ui.getString("live.title"), "liveTab", () -> {
            livePane = new LivePane(vm.live(), ui, scope);
            javafx.scene.control.ScrollPane liveScroll = new javafx.scene.control.ScrollPane(livePane);
            liveScroll.setFitToWidth(true);
            return liveScroll;
        });
        Tab serverTab = lazy(lazy, ui.getString("server.title"), "serverTab", () -> new ServerPane(vm.server(), ui, scope));
        Tab proxyTab = lazy(lazy, proxyUi.getString("proxy.title"), "proxyTab",
                () -> new ProxyPane(vm.proxy(), proxyUi, scope));
        Tab labTab = lazy(lazy, ui.getString("lab.title"), "labTab", () -> new LabPane(vm.lab(), ui, scope));
        Tab worldTab = lazy(lazy, editorTexts.getString("editor.tab"), "worldTab",
                () -> new WorldEditorPane(vm.editor(), editorTexts, scope, vm.compose()::toCompose,
                        org.mailtrail.app.model.LessonSecrets.kept(vm.lessons())));
        scope.listen(bottom.getSelectionModel().selectedItemProperty(), (o, a, tab) -> {
            if (tab == compareTab && tab.getContent() == null) {
                tab.setContent(compare.get());
            } else if (tab != null && tab.getContent() == null && lazy.containsKey(tab)) {
                tab.setContent(lazy.get(tab).get());
            }
        });
        transcriptTab.setId("transcriptTab");
        compareTab.setId("compareTab");
        transcriptTab.setClosable(false);
        compareTab.setClosable(false);
        bottom.getTabs().setAll(transcriptTab, compareTab, liveTab, serverTab, proxyTab, labTab, worldTab);
        RoomForTab.install(centre, middle, bottom, worldTab, scope); // the editor gets the diagram's height
        // the tab in front stays in front when the window is made again in another language (found by a tester)
        String front = presentation.bottomTabProperty().get();
        bottom.getTabs().stream().filter(t -> t.getId().equals(front)).findFirst()
                .ifPresent(t -> bottom.getSelectionModel().select(t));
        // a lesson holds the comparison back: the transcript comes forward in its place when one starts, also in a
        // window made again during it (a tester found the Compare tab in front with its note when a lesson opened)
        Runnable noComparison = () -> {
            if (kept.get() && bottom.getSelectionModel().getSelectedItem() == compareTab) {
                bottom.getSelectionModel().select(transcriptTab);
            }
        };
        noComparison.run();
        scope.listen(kept, (o, a, now) -> noComparison.run());
        scope.listen(bottom.getSelectionModel().selectedItemProperty(), (o, a, tab) ->
                presentation.bottomTabProperty().set(tab == null ? null : tab.getId()));
        scope.listen(s.resultProperty(), (o, a, r) -> {
            Tab shown = bottom.getSelectionModel().getSelectedItem();
            // a live session, the server or proxy list, the lab or the world editor stays in front
            if (!vm.live().runningProperty().get() && (shown == liveTab || !lazy.containsKey(shown))) {
                // not during a lesson: the comparison is held back until its questions are answered (a tester)
                bottom.getSelectionModel().select(r != null && r.journeys().size() > 1 && !kept.get() ? compareTab
                        : transcriptTab);
            }
        });
    }

    private static Tab lazy(Map<Tab, Supplier<Node>> lazy, String title, String id, Supplier<Node> content) {
        Tab t = new Tab(title);
        t.setId(id);
        t.setClosable(false);
        lazy.put(t, content);
        return t;
    }

    /** Stops what the live pane started. */
    void close() {
        if (livePane != null) {
            livePane.close();
        }
    }
}
