package org.ctplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list of the daemon's library and JDK classes names classes that exist, once each. */
class ClassArchiveTest {
    @Test
    void everyListedClassLoadsFromTheLibrariesAndTheJdkCtplugBuildsWith() throws Exception {
        List<String> names = ClassArchive.daemonClasses();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name, false, ClassArchive.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }

        assertThat(missing).as("stale names: run src/bench/daemon-class-list again").isEmpty();
        assertThat(names).doesNotHaveDuplicates().noneMatch(n -> n.startsWith("org.ctplug."))
                .anyMatch(n -> n.startsWith("com.sun.jna.")).anyMatch(n -> n.startsWith("ch.qos.logback."))
                .anyMatch(n -> n.startsWith("java."));
    }
}
