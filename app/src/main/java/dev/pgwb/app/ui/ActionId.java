package dev.pgwb.app.ui;

import java.awt.event.KeyEvent;

/**
 * Every command of the window. The text comes from {@code action.<name>} in the bundle; the
 * shortcut uses the platform's menu key (Ctrl, or Cmd on macOS), except function keys (F1, F5...),
 * which go alone or with Shift.
 */
public enum ActionId {
    OPEN(KeyEvent.VK_O, false),
    SAVE_AS(KeyEvent.VK_S, false),
    EXPORT(0, false),
    CLOSE_SESSION(KeyEvent.VK_W, false),
    EXIT(KeyEvent.VK_Q, false),
    START_PAGE(0, false),
    NEW_RELAY(KeyEvent.VK_R, false),
    SANDBOX_START(0, false),
    SANDBOX_STOP(0, false),
    SANDBOX_DEMO(0, false),
    EXPORT_CA(0, false),
    OPEN_SCENARIO(0, false),
    NEW_COMPOSER(KeyEvent.VK_N, false),
    SEND_TO_COMPOSER(KeyEvent.VK_M, true),
    SEND_TO_NEW_COMPOSER(0, false),
    // the composer window's own (each composer has a registry of its own)
    COMPOSER_RUN(KeyEvent.VK_F5, false),
    COMPOSER_STEP(KeyEvent.VK_F6, false),
    COMPOSER_STOP(KeyEvent.VK_F5, true),
    COMPOSER_OPEN(KeyEvent.VK_O, false),
    COMPOSER_SAVE(KeyEvent.VK_S, false),
    COMPOSER_SAVE_AS(KeyEvent.VK_S, true),
    COMPOSER_SCENARIOS(KeyEvent.VK_L, true),
    COMPOSER_SAVE_RECORDING(0, false),
    FOCUS_FILTER(KeyEvent.VK_F, false),
    ERRORS_ONLY(KeyEvent.VK_E, true),
    HIDE_DATAROW(KeyEvent.VK_D, true),
    RELATIVE_TIME(KeyEvent.VK_T, true),
    SEQUENCE_VIEW(KeyEvent.VK_G, true),
    SEQUENCE_PRESENT(KeyEvent.VK_F5, false),
    COPY_HEX(KeyEvent.VK_C, true),
    COPY_ESCAPED(0, false),
    COPY_SCRIPT(0, false),
    THEME_LIGHT(0, false),
    THEME_DARK(0, false),
    THEME_SYSTEM(0, false),
    FONT_BIGGER(KeyEvent.VK_EQUALS, false),
    FONT_SMALLER(KeyEvent.VK_MINUS, false),
    FONT_RESET(KeyEvent.VK_0, false),
    LANGUAGE_SYSTEM(0, false),
    LANGUAGE_EN(0, false),
    LANGUAGE_ZH(0, false),
    FILTER_HELP(KeyEvent.VK_F1, true),
    ABOUT(0, false);

    /** 0: no default shortcut. */
    final int key;
    /** With shift added to the menu key (true), so plain letters stay free for typing in the filter box. */
    final boolean shift;

    ActionId(int key, boolean shift) {
        this.key = key;
        this.shift = shift;
    }

    public String textKey() {
        return "action." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
