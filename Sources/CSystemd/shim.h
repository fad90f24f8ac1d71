#ifndef RUNG_CSYSTEMD_SHIM_H
#define RUNG_CSYSTEMD_SHIM_H

/* The parts of libsystemd Rung uses. Swift cannot call C variadic functions, so
 * every variadic entry point Rung needs is either replaced by its non-variadic
 * sibling (sd_journal_sendv takes iovecs; sd-bus messages are built with
 * append_basic/open_container) or wrapped here in a static inline function. */

#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <systemd/sd-bus.h>

/* sd_notify is not variadic, but sd_notifyf is; Rung formats in Swift and calls
 * sd_notify. This wrapper exists so the "unset NOTIFY_SOCKET" flag is named. */
static inline int rung_sd_notify(int unset_environment, const char *state) {
    return sd_notify(unset_environment, state);
}

/* sd_bus_error_set_const is a macro-free function, but SD_BUS_ERROR_NULL is a
 * compound literal macro that Swift cannot import. */
static inline sd_bus_error rung_sd_bus_error_null(void) {
    sd_bus_error e = SD_BUS_ERROR_NULL;
    return e;
}

#endif
