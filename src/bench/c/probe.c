/*
 * ctplug-probe: runs inside the benchmark container (started with lxc-attach, so it sits in the
 * container's namespaces and device cgroup) and reports when a node becomes usable there.
 *
 *   ctplug-probe PATH MAJOR MINOR        prints "up NS" / "down NS" on every change
 *   ctplug-probe PATH MAJOR MINOR once   exit 0 when usable now, 1 when not
 *
 * Usable = PATH is a character or block device with that major:minor AND open(O_RDWR) succeeds: the
 * device cgroup is checked at open(2) against the opening process's cgroup, so only an open
 * from inside proves the container may use the node. NS is CLOCK_MONOTONIC, the clock the
 * host JVM's System.nanoTime() reads (an LXC container has no time namespace of its own).
 * A tty open/close can reach the hardware (8250 startup), so while the node stays up the probe
 * only stats it; open is tried again only after it went away.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int is_node(const char *path, dev_t want) {
    struct stat st;
    return stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && st.st_rdev == want;
}

static int opens(const char *path) {
    int fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    close(fd);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: ctplug-probe PATH MAJOR MINOR [once]\n");
        return 2;
    }
    const char *path = argv[1];
    dev_t want = makedev(atoi(argv[2]), atoi(argv[3]));
    if (argc > 4) {
        return is_node(path, want) && opens(path) ? 0 : 1;
    }
    struct timespec pause = {0, 100000}; /* 0.1 ms: the resolution of the figures */
    /* without this a sleep of 0.1 ms lasts about 0.18 here: the kernel may defer a timer by the
     * thread's slack, 50 us by default (prctl(2)), and the wake-up adds its own */
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    int state = -1;
    for (;;) {
        int up = state == 1 ? is_node(path, want) : is_node(path, want) && opens(path);
        if (up != state) {
            printf("%s %lld\n", up ? "up" : "down", now_ns());
            fflush(stdout);
            state = up;
        }
        nanosleep(&pause, NULL);
    }
}
