#ifndef RUNG_CSYSTEMD_SHIM_H
#define RUNG_CSYSTEMD_SHIM_H

/* The parts of libsystemd Rung uses. Swift cannot call C variadic functions, so
 * every variadic entry point Rung needs is either replaced by its non-variadic
 * sibling (sd_journal_sendv takes iovecs; sd-bus messages are built with
 * append_basic/open_container) or wrapped here in a static inline function. */

#include <sys/uio.h>
/* Not libsystemd, but the other half of being a systemd-native daemon: wall-clock
 * timers that survive suspend and clock changes, and eventfds that hand work to a
 * thread sleeping in poll() (the event loop, the session bus thread): no periodic
 * wake-ups. Swift's Glibc module lacks timerfd and eventfd. */
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-id128.h>

/* SD_BUS_ERROR_NULL is a compound-literal macro, which Swift cannot import. */
static inline sd_bus_error rung_sd_bus_error_null(void) {
    sd_bus_error e = SD_BUS_ERROR_NULL;
    return e;
}

/* Signals reach a daemon thread that did not block them (a library's helper thread may
 * clear its mask), so they are taken with the self-pipe trick: the handler, which must be
 * async-signal-safe and therefore C, writes the signal number to a pipe the event loop
 * reads. */
static int rung_signal_pipe = -1;

static void rung_signal_to_pipe(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    (void)write(rung_signal_pipe, &byte, 1);
    errno = saved;
}

/* Sends `number` to the pipe whose write end is `pipe_write_end` (the same pipe for every
 * signal). Returns 0, or -1 with errno set. */
static inline int rung_signal_via_pipe(int number, int pipe_write_end) {
    rung_signal_pipe = pipe_write_end;
    struct sigaction action = {0};
    action.sa_handler = rung_signal_to_pipe;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(number, &action, NULL);
}

/* The kernel's id of the calling thread, as /proc/self/task/ names it. */
static inline pid_t rung_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

/* Makes the calling process a child subreaper: an orphan among its descendants becomes
 * its child instead of init's (prctl is variadic). Returns 0, or -1 with errno set. */
static inline int rung_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

/* Whether the calling process is a child subreaper: 1, 0, or -1 with errno set. */
static inline int rung_is_child_subreaper(void) {
    int flag = 0;
    if (prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&flag, 0UL, 0UL, 0UL) != 0) return -1;
    return flag != 0;
}

#endif
