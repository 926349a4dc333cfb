package org.ctplug.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Shared helpers: parse text as "devices.yaml" and read test resources. */
final class Yamls {
    static final Path FILE = Path.of("devices.yaml");

    private Yamls() {
    }

    static Mapping lxc(String text) throws MappingException {
        return MappingLoader.parse(text, FILE, BackendKind.LXC);
    }

    static Mapping proxmox(String text) throws MappingException {
        return MappingLoader.parse(text, FILE, BackendKind.PROXMOX);
    }

    /** The problems of an invalid text, as "devices.yaml:LINE:COL: message" lines. */
    static List<String> problems(String text, BackendKind host) {
        try {
            MappingLoader.parse(text, FILE, host);
        } catch (MappingException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems, but this is valid:\n" + text);
    }

    static List<String> problems(String text) {
        return problems(text, BackendKind.PROXMOX);
    }

    static String resource(String name) {
        try (InputStream in = Yamls.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid Proxmox mapping with one entry whose body lines follow "  e:" (indented by 4). */
    static String entry(String body) {
        return "version: 1\ndevices:\n  e:\n" + body.indent(4);
    }
}
