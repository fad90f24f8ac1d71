#include "CSwiftExecutorHook.h"

/// Defined by the Swift concurrency runtime (a function pointer there; only its address is used here).
extern void *swift_task_enqueueGlobal_hook;

void *_Nullable *_Nonnull rung_swift_enqueue_global_hook(void) {
    return &swift_task_enqueueGlobal_hook;
}
