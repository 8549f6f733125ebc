package dev.pgwb.protocol.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The first failure of something that goes on without it (a recording), told once to each
 * listener: on the thread that met it, or at once to a listener that comes later.
 */
final class FirstFailure<E extends Throwable> {
    private final List<Consumer<? super E>> listeners = new ArrayList<>();
    private volatile E first;

    /** The first failure, or null. */
    E get() {
        return first;
    }

    /** Keeps {@code e} when it is the first and tells the listeners; returns the first either way. */
    E set(E e) {
        List<Consumer<? super E>> tell;
        synchronized (listeners) {
            if (first != null) {
                return first;
            }
            first = e;
            tell = List.copyOf(listeners);
        }
        for (Consumer<? super E> l : tell) {
            l.accept(e);
        }
        return e;
    }

    void listen(Consumer<? super E> listener) {
        E already;
        synchronized (listeners) {
            listeners.add(listener);
            already = first;
        }
        if (already != null) {
            listener.accept(already);
        }
    }
}
