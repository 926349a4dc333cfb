package org.ctplug.testing;

import java.nio.file.Path;
import org.ctplug.container.LxcBackend;
import org.ctplug.exec.ToolPaths;
import org.ctplug.mapping.BackendKind;
import org.ctplug.mapping.Mapping;
import org.ctplug.mapping.MappingException;
import org.ctplug.mapping.MappingLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that plan or report from a fake host: a sysfs tree in a temporary root, an
 * LXC backend that must run no command, and the one-stick mapping most of them start from.
 */
public abstract class PlanFixture {
    public static final String KEY = "lxc.cgroup2.devices.allow";
    public static final int PID = 4242;

    @TempDir
    protected Path root;
    protected FakeSysfs sysfs;
    protected LxcBackend backend;

    @BeforeEach
    void fakeHost() {
        sysfs = new FakeSysfs(root);
        backend = new LxcBackend(root, ToolPaths.DEFAULT, argv -> {
            throw new AssertionError("planning and reporting run no command: " + argv);
        });
    }

    /** The Zigbee stick 0451:16a8 as {@code /dev/ttyZigbee}, for the containers given as YAML. */
    protected Mapping zigbee(String onPlug, String containers) throws MappingException {
        return MappingLoader.parse("""
                version: 1
                backend: lxc
                defaults: {on_plug: %s}
                devices:
                  zigbee:
                    match: {vendor: "0451", product: "16a8"}
                    link: ttyZigbee
                    containers: %s
                """.formatted(onPlug, containers), root.resolve("devices.yaml"), BackendKind.LXC);
    }
}
