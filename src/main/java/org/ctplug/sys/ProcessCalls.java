package org.ctplug.sys;

import java.util.List;

/**
 * libc's calls on the calling thread's namespaces and credentials, on mounts and on pidfds.
 * A thread that joined a container's mount namespace no longer reaches the host's files, the
 * jars among them: {@link #load()} first, on a host thread.
 */
public final class ProcessCalls {
    // include/uapi/linux/sched.h
    public static final int CLONE_FS = 0x0000_0200;
    public static final int CLONE_NEWNS = 0x0002_0000;
    // include/uapi/linux/mount.h, fs.h
    public static final long MS_NOSUID = 2;
    public static final long MS_NOEXEC = 8;
    public static final int MNT_DETACH = 2;
    public static final int UMOUNT_NOFOLLOW = 8;
    public static final int OPEN_TREE_CLONE = 1;
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    private static final int OPEN_TREE_CLOEXEC = 02000000;
    // open_tree and move_mount came with Linux 5.2 and are numbered alike on x86_64 and
    // aarch64 (asm-generic/unistd.h and arch/x86/entry/syscalls/syscall_64.tbl): 428, 429
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    // pidfd_open (5.3) and pidfd_send_signal (5.1): 434 and 424 on both as well
    private static final long SYS_PIDFD_OPEN = 434;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;

    private ProcessCalls() {
    }

    // this class's initialisation, once, on the thread that first calls into it
    static {
        List.of(Libc.class, Errno.class, ErrnoException.class, Statx.class, FileCalls.class)
                .forEach(ProcessCalls::initialize);
    }

    /**
     * Binds libc and loads every class a call or its failure needs: the JVM initialises this
     * class, whose static block does it, before the first call returns; later calls, one per
     * live step, do nothing, so no class is looked up by name on the event path.
     */
    public static void load() {
        // nothing more: being called is what initialises the class
    }

    /**
     * Hands the C heap's free pages back to the kernel. The JVM frees its compiler's and class
     * loader's scratch memory some seconds after a burst of work, and glibc keeps what it frees
     * mapped: an idle daemon would hold it for good.
     */
    public static void releaseFreeMemory() {
        Libc.malloc_trim(0);
    }

    /** sched(7): SCHED_FIFO, and the flag that keeps a thread's or process's children off it. */
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    private static final int SCHED_RESET_ON_FORK = 0x4000_0000;

    /**
     * Puts the calling thread on SCHED_FIFO at {@code priority}, with SCHED_RESET_ON_FORK: the
     * threads it starts and the programs it runs begin at normal scheduling. The kernel lets a
     * process without CAP_SYS_NICE do this up to its RLIMIT_RTPRIO.
     */
    public static void realtime(int priority) throws ErrnoException {
        ErrnoException.check(Libc.sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, new int[] {priority}),
                "sched_setscheduler", "SCHED_FIFO " + priority);
    }

    /**
     * Puts the calling thread back on SCHED_OTHER at its nice value. SCHED_RESET_ON_FORK stays
     * set: without CAP_SYS_NICE a thread may not clear it (sched_setscheduler(2)).
     */
    public static void normalScheduling() throws ErrnoException {
        ErrnoException.check(Libc.sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, new int[] {0}),
                "sched_setscheduler", "SCHED_OTHER");
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param what the flags, named for messages */
    public static void unshare(int flags, String what) throws ErrnoException {
        ErrnoException.check(Libc.unshare(flags), "unshare", what);
    }

    public static void setns(int fd, int nstype, String what) throws ErrnoException {
        ErrnoException.check(Libc.setns(fd, nstype), "setns", what);
    }

    /** chroot(2): the calling thread's root, for every thread sharing its fs_struct. */
    public static void chroot(String path) throws ErrnoException {
        ErrnoException.check(Libc.chroot(Libc.c(path, "chroot", path)), "chroot", path);
    }

    public static void mount(String source, String target, String fstype, long flags, String data)
            throws ErrnoException {
        ErrnoException.check(Libc.mount(Libc.c(source, "mount", target), Libc.c(target, "mount", target),
                Libc.c(fstype, "mount", target), flags, Libc.c(data, "mount", target)), "mount", target);
    }

    /** umount2(2) of target, relative to the working directory when it is relative. */
    public static void umount2(String target, int flags, String what) throws ErrnoException {
        ErrnoException.check(Libc.umount2(Libc.c(target, "umount2", what), flags), "umount2", what);
    }

    /** A detached copy of the mount at path ({@link #OPEN_TREE_CLONE}), as an fd move_mount can attach. */
    public static int openTree(String path, int flags) throws ErrnoException {
        long fd = Libc.syscall(SYS_OPEN_TREE, FileCalls.AT_FDCWD, Libc.c(path, "open_tree", path),
                flags | OPEN_TREE_CLOEXEC);
        return ErrnoException.check((int) fd, "open_tree", path);
    }

    /** move_mount(2) of the tree fromFd itself ({@link #MOVE_MOUNT_F_EMPTY_PATH}) to name below toDirFd. */
    public static void moveMount(int fromFd, int toDirFd, String name, int flags, String what)
            throws ErrnoException {
        long r = Libc.syscall(SYS_MOVE_MOUNT, fromFd, Libc.EMPTY, toDirFd, Libc.c(name, "move_mount", what), flags);
        ErrnoException.check((int) r, "move_mount", what);
    }

    /** A pidfd: it names one process for as long as it is open, whatever becomes of its PID. */
    public static int pidfdOpen(int pid) throws ErrnoException {
        return ErrnoException.check((int) Libc.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0), "pidfd_open", "PID " + pid);
    }

    public static void pidfdSendSignal(int pidfd, int signal, String what) throws ErrnoException {
        long r = Libc.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
        ErrnoException.check((int) r, "pidfd_send_signal", what);
    }

    /**
     * setfsuid/setfsgid report no errors (they return the previous id); they act on the
     * calling thread's credentials only. The group first, while the uid may still set it.
     */
    public static void setFsIds(long uid, long gid) {
        Libc.setfsgid((int) gid);
        Libc.setfsuid((int) uid);
    }
}
