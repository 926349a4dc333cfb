package org.ctplug.live;

import java.io.IOException;

/**
 * ctplug refused to act in a container: its init is not the process named, or a path there
 * leads through a symlink or onto a mount that is not the container's own /dev. The message
 * says which and that nothing was done.
 */
public final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message);
    }
}
