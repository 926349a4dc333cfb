package org.ctplug.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * What the launcher runs, once per JDK build and ctplug release, with
 * {@code -XX:ArchiveClassesAtExit}: it loads every class of ctplug's jar, and with them the
 * library classes they extend, and exits, so the JVM writes them, parsed and verified, into a
 * class-data-sharing archive that later starts map instead of reading the jars. The first plug
 * after a start then loads no class from a jar on its way to the container, and the daemon is
 * ready sooner (the README's Performance section has the figures).
 *
 * <p>Nothing is initialised: no static code of any class runs, so the run touches nothing on the
 * host. The libraries' other classes are left out: archived whole (1,530 classes) they kept
 * 2.4 MiB more of the idle daemon resident; those it uses load from their jars, as without an
 * archive. A class that cannot be loaded is left out as well.
 */
public final class ClassArchive {
    private ClassArchive() {
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(ClassArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = ClassArchive.class.getClassLoader();
        int loaded = 0;
        int skipped = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String name : file.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.endsWith("-info.class") && !n.startsWith("META-INF/"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList()) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    skipped++;
                }
            }
        }
        System.out.println("ctplug: " + loaded + " classes loaded for the archive, " + skipped + " left out");
    }
}
