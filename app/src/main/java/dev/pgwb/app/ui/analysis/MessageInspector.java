package dev.pgwb.app.ui.analysis;

import dev.pgwb.protocol.codec.Decoded;
import dev.pgwb.protocol.session.SessionStore;
import javax.swing.JComponent;

/**
 * The seam where conversation analysis plugs into the window:
 * the timeline's selection is fed to every registered inspector, which shows what it knows about
 * that message (statements and portals alive at that moment, the pairing, an error's diagnosis)
 * in its own tab beside the field tree. An inspector may ask the window to select another frame
 * (a diagnosis linking to the Parse it names) through {@link Navigator}.
 */
public interface MessageInspector {

    /** Lets an inspector move the timeline's selection (e.g. a link in a diagnosis). */
    interface Navigator {
        void selectFrame(long frameIndex);

        /** Marks frames in the timeline as related to the selection (its request, its replies); empty clears. */
        default void highlightFrames(java.util.Set<Long> frameIndexes) {
        }
    }

    /** The tab title (already translated). */
    String title();

    JComponent component();

    /** A new session is shown (null: none); called on the EDT. */
    void sessionChanged(SessionStore store, Navigator navigator);

    /** The selected message (null: none); called on the EDT, must return quickly (do slow work in the background). */
    void show(long frameIndex, int connectionId, Decoded decoded);
}
