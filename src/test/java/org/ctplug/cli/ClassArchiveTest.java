package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list of the daemon's library and JDK classes names classes that exist, once each. The
 * libraries' are checked always; the JDK's only on the JDK version the list was taken on, since
 * another one may name its internal classes otherwise (the archive then leaves those out).
 */
class ClassArchiveTest {
    private static final List<String> LIBRARIES = List.of("com.sun.jna.", "ch.qos.logback.", "org.slf4j.",
            "org.yaml.snakeyaml.", "picocli.");

    @Test
    void everyListedClassLoadsFromTheLibrariesAndOnItsJdkFromTheJdk() throws Exception {
        List<String> names = ClassArchive.daemonClasses();
        boolean sameJdk = ("java.specification.version " + System.getProperty("java.specification.version"))
                .equals(takenOn());
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            boolean library = LIBRARIES.stream().anyMatch(name::startsWith);
            if (!library && !sameJdk) {
                continue;
            }
            try {
                Class.forName(name, false, ClassArchive.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }

        assertThat(missing).as("stale names: run src/bench/daemon-class-list again").isEmpty();
        assertThat(names).doesNotHaveDuplicates().noneMatch(n -> n.startsWith("org.ctplug."))
                .anyMatch(n -> n.startsWith("com.sun.jna.")).anyMatch(n -> n.startsWith("ch.qos.logback."))
                .anyMatch(n -> n.startsWith("java."))
                .allMatch(n -> n.startsWith("java") || n.startsWith("jdk.") || n.startsWith("sun.")
                        || n.startsWith("com.sun.") || LIBRARIES.stream().anyMatch(n::startsWith));
    }

    /** The list's own line naming the JDK it was taken on. */
    private static String takenOn() throws IOException {
        try (InputStream in = ClassArchive.class.getResourceAsStream(ClassArchive.DAEMON_CLASSES)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("# java.specification.version ")).map(l -> l.substring(2))
                    .findFirst().orElseThrow();
        }
    }
}
