package org.ctplug.status;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ctplug.container.AtomicFiles;
import org.ctplug.text.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code <root>/run/ctplug/status.json}, where the daemon publishes {@link Published}: replaced
 * atomically (temp file and rename), so {@code status} reads the whole of one reconcile's view.
 * Under /run because it describes this boot only, and the service may write there.
 */
public final class StatusFile {
    private final Path path;

    public StatusFile(Path root) {
        this.path = root.resolve("run/ctplug/status.json");
    }

    public Path path() {
        return path;
    }

    public void write(Published p) throws IOException {
        AtomicFiles.makeParent(path);
        AtomicFiles.write(path, render(p));
    }

    /** Empty when no daemon ever published on this boot; an unreadable file is an error naming it. */
    public Optional<Published> read() throws IOException {
        Optional<String> text = AtomicFiles.read(path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text.get()));
        } catch (RuntimeException e) {
            throw new IOException(path + ": not a ctplug status file: " + e.getMessage(), e);
        }
    }

    static String render(Published p) {
        Map<String, Object> actions = new TreeMap<>();
        p.lastActions().forEach((id, a) -> {
            Map<String, Object> m = new TreeMap<>();
            m.put("action", a.action());
            m.put("at", a.at().toString());
            m.put("error", a.error());
            actions.put(id, m);
        });
        Map<String, Object> held = new TreeMap<>();
        p.restartHeldUntil().forEach((id, t) -> held.put(id, t.toString()));
        Map<String, Object> doc = new TreeMap<>();
        doc.put("pid", p.pid());
        doc.put("lastReconcile", p.lastReconcile().toString());
        doc.put("reconciles", p.reconciles());
        doc.put("lastActions", actions);
        doc.put("restartHeldUntil", held);
        return Json.write(doc) + "\n";
    }

    static Published parse(String text) {
        // JSON is YAML; the safe constructor builds only maps, lists and scalars
        Map<?, ?> doc = Json.object(new Yaml(new SafeConstructor(new LoaderOptions())).load(text), "document");
        Map<String, Published.LastAction> actions = new TreeMap<>();
        Json.object(doc.get("lastActions"), "lastActions").forEach((id, a) -> {
            Map<?, ?> m = Json.object(a, "last action of " + id);
            Object error = m.get("error");
            actions.put(String.valueOf(id), new Published.LastAction(Json.string(m.get("action"), "action"),
                    Instant.parse(Json.string(m.get("at"), "at")),
                    error == null ? Optional.empty() : Optional.of(Json.string(error, "error"))));
        });
        Map<String, Instant> held = new TreeMap<>();
        Json.object(doc.get("restartHeldUntil"), "restartHeldUntil")
                .forEach((id, t) -> held.put(String.valueOf(id), Instant.parse(Json.string(t, "time"))));
        return new Published(Json.number(doc.get("pid"), "pid"), Instant.parse(Json.string(doc.get("lastReconcile"),
                "lastReconcile")), Json.number(doc.get("reconciles"), "reconciles"), actions, held);
    }



}
