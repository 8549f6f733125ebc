import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * The window's memory while it follows a live relay: opens the workbench (any pgwb.jar on the class
 * path: it only uses the window's component names), starts a relay from the relay panel, runs
 * pgbench through it for the given minutes, then reports the heap after full collections and the
 * number of messages the timeline shows. Run by bench/window-memory.sh, which starts the server.
 *
 * <pre>java -cp pgwb.jar bench/window/WindowMemory.java UPSTREAM MINUTES CLIENTS [TPS]</pre>
 */
public class WindowMemory {
    public static void main(String[] args) throws Exception {
        String upstream = args[0];
        double minutes = Double.parseDouble(args[1]);
        int clients = Integer.parseInt(args[2]);
        String rate = args.length > 3 ? args[3] : "1000";
        dev.pgwb.app.Main.main(new String[0]);
        Frame main = waitForFrame();
        click(main, "start.NEW_RELAY");
        onEdt(() -> {
            ((JTextComponent) find(main, "relayListen")).setText("127.0.0.1:0");
            JComboBox<?> up = (JComboBox<?>) find(main, "relayUpstream");
            ((JTextComponent) up.getEditor().getEditorComponent()).setText(upstream);
        });
        click(main, "relayStart");
        String uri = null;
        for (int i = 0; i < 200 && uri == null; i++) {
            TimeUnit.MILLISECONDS.sleep(100); // a harness, not a test: it polls the window's own text
            String text = onEdtGet(() -> ((JTextComponent) find(main, "connectionStrings")).getText());
            for (String line : text.split("\n")) {
                if (line.startsWith("postgresql://")) {
                    uri = line.trim();
                }
            }
        }
        if (uri == null) {
            throw new IllegalStateException("the relay did not start");
        }
        System.out.println("relay: " + uri);
        Process pgbench = new ProcessBuilder("pgbench", "-n", "-S", "-M", "extended", "-c", Integer.toString(clients), "-j", "2", "-R", rate,
                "-T", Long.toString(Math.round(minutes * 60)), uri.replace("postgresql://", "postgresql://postgres@"))
                .inheritIO().start();
        pgbench.waitFor();
        JTable timeline = (JTable) find(main, "timeline");
        long rows = 0;
        for (int i = 0; i < 600; i++) { // the window catches up with the recording
            long before = rows;
            rows = onEdtGet(timeline::getRowCount);
            if (rows == before && rows > 0) {
                break;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(500);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1L);
        System.out.printf("messages %d, heap after GC %.1f MB, %.0f bytes/message, RSS %.1f MB%n", rows, heap / 1e6,
                rows == 0 ? 0.0 : (double) heap / rows, rss / 1e6);
        if (System.getenv("HISTOGRAM") != null) { // what the heap holds: the biggest classes, as jcmd GC.class_histogram
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            histogram.toString().lines().limit(3 + Integer.parseInt(System.getenv("HISTOGRAM"))).forEach(System.out::println);
        }
        System.exit(0);
    }

    private static Frame waitForFrame() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (Frame f : Frame.getFrames()) {
                if (f.isShowing()) {
                    return f;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("no window");
    }

    private static void click(Frame main, String name) throws Exception {
        onEdt(() -> ((AbstractButton) find(main, name)).doClick());
    }

    static Component find(Container c, String name) {
        List<Component> todo = new ArrayList<>(List.of(c.getComponents()));
        while (!todo.isEmpty()) {
            Component x = todo.remove(0);
            if (name.equals(x.getName())) {
                return x;
            }
            if (x instanceof Container k) {
                todo.addAll(List.of(k.getComponents()));
            }
        }
        throw new IllegalStateException("no component " + name);
    }

    private static void onEdt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    private static <T> T onEdtGet(java.util.concurrent.Callable<T> c) throws Exception {
        Object[] out = new Object[1];
        Exception[] failed = new Exception[1];
        SwingUtilities.invokeAndWait(() -> {
            try {
                out[0] = c.call();
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
