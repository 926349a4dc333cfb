package org.ctplug.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the launcher runs, once per JDK build and ctplug release, with
 * {@code -XX:ArchiveClassesAtExit}: it loads every class of ctplug's jar, and the library and
 * JDK classes the daemon loads in service ({@value #DAEMON_CLASSES}, written by
 * {@code src/bench/daemon-class-list}), and exits, so the JVM writes them, parsed and verified,
 * into a class-data-sharing archive that later starts map instead of reading the jars. The first
 * plug after a start then loads no class from a jar on its way to the container, and the daemon
 * is ready sooner (the README's Performance section has the figures).
 *
 * <p>Nothing is initialised: no static code of any class runs, so the run touches nothing on the
 * host. The libraries' other classes are left out: archived whole (1,530 classes) they kept
 * 2.4 MiB more of the idle daemon resident. The list is taken from a benchmark run, so it also
 * holds the few dozen classes JNA's unpacking of its native library loads, which a service start
 * with the library cached does not: archived, they cost a page of the archive's mapping at most.
 * A class that cannot be loaded (a list older than a library, another JDK) is left out: it
 * loads from its jar, as without an archive.
 */
public final class ClassArchive {
    /** The resource that names the libraries' and the JDK's classes the daemon loads, one a line. */
    static final String DAEMON_CLASSES = "daemon-classes.txt";

    private ClassArchive() {
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        int[] counts = load(ClassArchive.class.getClassLoader());
        System.out.println("ctplug: " + counts[0] + " classes loaded for the archive, " + counts[1] + " left out");
    }

    /** Loads the classes the archive holds, without initialising any; their count, and that of those left out. */
    static int[] load(ClassLoader loader) throws IOException, URISyntaxException {
        Path jar = Path.of(ClassArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(ClassArchive::isClassFile).forEach(n -> names.add(className(n)));
        }
        names.addAll(daemonClasses());
        int loaded = 0;
        int skipped = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                skipped++;
            }
        }
        return new int[] {loaded, skipped};
    }

    /** The names {@value #DAEMON_CLASSES} lists; lines starting with '#' are comments. */
    static List<String> daemonClasses() throws IOException {
        try (InputStream in = ClassArchive.class.getResourceAsStream(DAEMON_CLASSES)) {
            if (in == null) {
                throw new IOException("resource " + DAEMON_CLASSES + " missing from ctplug's jar");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    private static boolean isClassFile(String name) {
        return name.endsWith(".class") && !name.endsWith("-info.class") && !name.startsWith("META-INF/");
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }
}
