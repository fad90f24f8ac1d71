#ifndef RUNG_CSYSTEMD_SHIM_H
#define RUNG_CSYSTEMD_SHIM_H

/* The parts of libsystemd Rung uses. Swift cannot call C variadic functions, so
 * every variadic entry point Rung needs is either replaced by its non-variadic
 * sibling (sd_journal_sendv takes iovecs; sd-bus messages are built with
 * append_basic/open_container) or wrapped here in a static inline function. */

#include <sys/uio.h>
/* Not libsystemd, but the other half of being a systemd-native daemon: wall-clock
 * timers that survive suspend and clock changes. Swift's Glibc module lacks timerfd. */
#include <sys/timerfd.h>
/* The session bus thread sleeps in poll() on its connection and on an eventfd that other
 * threads write to hand it work: no periodic wake-ups. */
#include <sys/eventfd.h>
#include <sys/syscall.h>
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

/* The kernel's id of the calling thread, as /proc/self/task/ names it. */
static inline pid_t rung_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

#endif
