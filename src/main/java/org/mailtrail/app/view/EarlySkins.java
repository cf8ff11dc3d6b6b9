package org.mailtrail.app.view;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Skin;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.ButtonSkin;
import javafx.scene.control.skin.LabelSkin;
import javafx.scene.control.skin.ListViewSkin;
import javafx.scene.control.skin.MenuButtonSkin;
import javafx.scene.control.skin.ScrollBarSkin;
import javafx.scene.control.skin.ScrollPaneSkin;
import javafx.scene.control.skin.SeparatorSkin;
import javafx.scene.control.skin.SliderSkin;
import javafx.scene.control.skin.SplitPaneSkin;
import javafx.scene.control.skin.TabPaneSkin;
import javafx.scene.control.skin.TextAreaSkin;
import javafx.scene.control.skin.TextFieldSkin;
import javafx.scene.control.skin.ToggleButtonSkin;

/**
 * Gives the controls of a window that is not yet in its scene the skins JavaFX would give them, before the window
 * goes in, so that the window is styled in one pass instead of about two.
 *
 * <p>Theory of operation: JavaFX makes a control's default skin in the first CSS pass that reaches the control, after
 * styling it. Setting that skin restyles the control from scratch ({@code reapplyCSS}), together with every node the
 * skin has just added (each of which was already styled once as it came into the scene): nodes inside skins are
 * matched against the style sheets twice, nested controls (a scroll bar in a scroll pane in a text area) more often.
 * A control that already has its skin when the window goes into the scene is styled once, with the skin's nodes, and
 * the CSS pass leaves its skin alone. At start-up the FX thread's samples after the light frame fell by a fifth in a
 * profile, and the packaged app's full window came about 8 % sooner on a loaded machine; on a quiet one the work
 * mostly moved from the CSS pass to the build (docs/benchmarks.md, Start-up, 2026-12-07). The window looks the same,
 * pixel for pixel.
 *
 * <p>The skin given is the one {@code Control.createDefaultSkin()} would make (the same public skin class, made the
 * same way); a control whose class, or a class between it and the JavaFX control it extends, makes a skin of its
 * own is left to JavaFX, as is a control type not listed here (it gets its skin in the CSS pass, as before). A skin
 * set in a style sheet ({@code -fx-skin}; none of ours or JavaFX's sets one) would still replace it. The walk goes
 * on into the nodes that each skin adds, so that the controls inside skins (scroll bars, the labels of tab headers)
 * get theirs too. Only for a window being built: controls added later get their skins from JavaFX as usual.
 *
 * <p>A list that already holds items (a window made again in another language, with a session) is left to JavaFX
 * too: the skin's {@code VirtualFlow} measures rows as soon as it is made, and outside a scene the rows have neither
 * skins nor styles, so it took them as 0 px high and kept those sizes in its estimate of the list's length; the first
 * layout then scrolled the list far from where it was put (an unscrolled list of 80 rows to row 58, the Steps list
 * away from the step shown). At start the lists are empty and still get their skins here.
 */
final class EarlySkins {
    /** JavaFX's control classes and their default skins, as their {@code createDefaultSkin()} makes them. */
    private static final Map<Class<?>, Function<Control, Skin<?>>> DEFAULT = new HashMap<>();
    /** What {@link #skinFor} found for each class met so far (FX thread only). */
    private static final Map<Class<?>, Function<Control, Skin<?>>> FOUND = new HashMap<>();
    private static final Function<Control, Skin<?>> NONE = c -> null;

    static {
        DEFAULT.put(Label.class, c -> new LabelSkin((Label) c));
        DEFAULT.put(Button.class, c -> new ButtonSkin((Button) c));
        DEFAULT.put(ToggleButton.class, c -> new ToggleButtonSkin((ToggleButton) c));
        DEFAULT.put(MenuButton.class, c -> new MenuButtonSkin((MenuButton) c));
        DEFAULT.put(TextField.class, c -> new TextFieldSkin((TextField) c));
        DEFAULT.put(TextArea.class, c -> new TextAreaSkin((TextArea) c));
        DEFAULT.put(ListView.class, c -> new ListViewSkin<>((ListView<?>) c));
        DEFAULT.put(ScrollPane.class, c -> new ScrollPaneSkin((ScrollPane) c));
        DEFAULT.put(ScrollBar.class, c -> new ScrollBarSkin((ScrollBar) c));
        DEFAULT.put(SplitPane.class, c -> new SplitPaneSkin((SplitPane) c));
        DEFAULT.put(TabPane.class, c -> new TabPaneSkin((TabPane) c));
        DEFAULT.put(Slider.class, c -> new SliderSkin((Slider) c));
        DEFAULT.put(Separator.class, c -> new SeparatorSkin((Separator) c));
    }

    private EarlySkins() {
    }

    /** Gives every control in {@code root} (not yet in a scene) that has no skin the default skin it would get. */
    static void install(Node root) {
        if (root instanceof Control c && c.getSkin() == null && !(c instanceof ListView<?> l && holds(l))) {
            Skin<?> skin = skinFor(c.getClass()).apply(c);
            if (skin != null) {
                c.setSkin(skin);
            }
        }
        if (root instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable().toArray(new Node[0])) {
                install(child);
            }
        }
    }

    /** Whether a list holds items (its skin would measure them before they can be styled). */
    private static boolean holds(ListView<?> list) {
        return list.getItems() != null && !list.getItems().isEmpty();
    }

    /** The default skin's maker for a control class, or one that makes none (the class's own skin, or not listed). */
    private static Function<Control, Skin<?>> skinFor(Class<?> type) {
        Function<Control, Skin<?>> found = FOUND.get(type);
        if (found == null) {
            found = NONE;
            for (Class<?> k = type; k != null && k != Control.class; k = k.getSuperclass()) {
                Function<Control, Skin<?>> maker = DEFAULT.get(k);
                if (maker != null) {
                    found = maker;
                    break;
                }
                if (makesOwnSkin(k)) {
                    break;
                }
            }
            FOUND.put(type, found);
        }
        return found;
    }

    private static boolean makesOwnSkin(Class<?> k) {
        try {
            k.getDeclaredMethod("createDefaultSkin");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
