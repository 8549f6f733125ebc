package dev.pgwb.app.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every word the window shows, from {@code messages*.properties} (English, Simplified Chinese).
 * The locale is chosen once at start-up (the settings' language, else the system's).
 */
public final class Texts {
    private static volatile ResourceBundle bundle = load(Locale.getDefault());

    private Texts() {
    }

    public static void use(Locale locale) {
        bundle = load(locale);
    }

    private static ResourceBundle load(Locale locale) {
        return ResourceBundle.getBundle("dev.pgwb.app.ui.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public static Locale locale() {
        return bundle.getLocale();
    }

    /** The text for {@code key}, with {@code {0}}-style arguments filled in; the key itself when missing. */
    public static String get(String key, Object... args) {
        String s;
        try {
            s = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? s : new MessageFormat(s, bundle.getLocale()).format(args);
    }

    /** "system" → the system locale; "en", "zh-CN" → that one. */
    public static Locale localeFor(String language) {
        return language == null || language.isBlank() || language.equals("system")
                ? Locale.getDefault() : Locale.forLanguageTag(language);
    }
}
