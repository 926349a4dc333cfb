package org.ctplug.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates devices.yaml, the mapping in its version 1 format: the top-level keys
 * version, backend, defaults, tools, daemon and devices, each entry a match and the containers it
 * feeds (the README's "The mapping" documents every key). Every problem in the file is reported
 * at once, as {@code FILE:LINE:COL: message}, sorted by position.
 */
public final class MappingLoader {
    /**
     * What is read of the file at most. A real mapping is a few kilobytes; a 1 MB one (9,800
     * entries) exhausts the launcher's 24 MiB heap while parsing; 256 KiB (2,300 entries)
     * still load there. Bytes, not characters: the cap must hold before anything is decoded.
     */
    static final int BYTE_LIMIT = YamlDocument.CODE_POINT_LIMIT;

    private MappingLoader() {
    }

    /**
     * @param hostBackend what {@code backend: auto} means on this host: PROXMOX or LXC
     * @throws MappingException the file is not a valid mapping (including not UTF-8, too large)
     * @throws IOException the file cannot be read
     */
    public static Mapping load(Path file, BackendKind hostBackend) throws MappingException, IOException {
        checkHost(hostBackend);
        return parse(read(file), file, hostBackend);
    }

    /**
     * The mapping file's text, as every reader of it must see it: strict UTF-8, bounded.
     *
     * @throws MappingException the file is not UTF-8 or too large
     */
    public static String read(Path file) throws MappingException, IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(BYTE_LIMIT + 1);
        }
        if (bytes.length > BYTE_LIMIT) {
            throw new MappingException(List.of(new Problem(file, 1, 1,
                    "file is larger than " + BYTE_LIMIT + " bytes (256 KiB); a mapping is a few kilobytes")));
        }
        return decode(bytes, file);
    }

    /**
     * @param file only named in problems and in the result
     * @param hostBackend what {@code backend: auto} means on this host: PROXMOX or LXC
     */
    public static Mapping parse(String text, Path file, BackendKind hostBackend) throws MappingException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(file, "file");
        checkHost(hostBackend);
        Problems problems = new Problems(file);
        Optional<Node> root = YamlDocument.compose(text, problems);
        problems.throwIfAny();
        Optional<Mapping> mapping = new MappingReader(new NodeReader(problems), hostBackend).read(root);
        problems.throwIfAny();
        return mapping.orElseThrow(() -> new IllegalStateException("no mapping and no problem"));
    }

    private static void checkHost(BackendKind hostBackend) {
        if (Objects.requireNonNull(hostBackend, "hostBackend") == BackendKind.AUTO) {
            throw new IllegalArgumentException("hostBackend is what auto resolves to: PROXMOX or LXC");
        }
    }

    /** Strict UTF-8: a stray Latin-1 byte is reported where it is, not read as U+FFFD. */
    private static String decode(byte[] bytes, Path file) throws MappingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            String before = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8);
            int column = before.codePointCount(0, before.length()) + 1;
            throw new MappingException(List.of(new Problem(file, line, column,
                    String.format("the file is not UTF-8 (byte 0x%02X)", bytes[at] & 0xff))));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}
