package dev.pgwb.app.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version the jar's manifest carries (set by the build), and the Java running it. */
public final class VersionProvider implements IVersionProvider {

    /** The application version, or "development build" when run from classes rather than the jar. */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "pgwb " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
        };
    }
}
