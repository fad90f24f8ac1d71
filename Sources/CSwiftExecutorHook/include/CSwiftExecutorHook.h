#ifndef C_SWIFT_EXECUTOR_HOOK_H
#define C_SWIFT_EXECUTOR_HOOK_H

/// The address of the Swift runtime's `swift_task_enqueueGlobal_hook`: when set, every job
/// bound for the global executor goes to it instead. Referenced at link time rather than
/// looked up with `dlsym`, because a binary with the Swift libraries linked in keeps the
/// runtime's symbols to itself.
void *_Nullable *_Nonnull rung_swift_enqueue_global_hook(void);

#endif
