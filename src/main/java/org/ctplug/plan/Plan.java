package org.ctplug.plan;

import java.util.List;
import org.ctplug.state.AppliedState;

/**
 * What one reconcile does: actions in order, the notes worth logging (skipped containers,
 * ambiguous entries), and the state to record once the actions ran. {@code retry}: something was
 * held back (a locked container, a rate-limited restart) and a later reconcile must look again.
 */
public record Plan(List<Action> actions, List<String> notes, AppliedState newState, boolean stateChanged,
                   boolean retry) {
    public Plan {
        actions = List.copyOf(actions);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return actions.isEmpty() && !stateChanged;
    }

    public <T extends Action> List<T> actionsOf(Class<T> kind) {
        return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
