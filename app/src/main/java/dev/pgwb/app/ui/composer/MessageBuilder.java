package dev.pgwb.app.ui.composer;

import java.util.function.Consumer;
import javax.swing.JPanel;

/** STAND-IN for the editor branch's MessageBuilder (same API); deleted when that branch is merged. */
public final class MessageBuilder extends JPanel {
    public MessageBuilder(Consumer<String> insertLine) {
    }
}
