#ifndef SATUNE_PROCESS_CONTROL_H
#define SATUNE_PROCESS_CONTROL_H

/// Makes this process a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER): a descendant whose parent
/// exits, such as the server `pg_ctl` starts and leaves running, becomes this process's child, so that
/// this process can wait for it and reap it the moment it ends. Returns 0, or -1 with errno set.
/// (prctl is variadic, so Swift cannot call it directly.)
int satune_become_subreaper(void);

#include <spawn.h>

/// Adds to `actions` the closing of every descriptor from `from` up in the spawned child (glibc's
/// posix_spawn_file_actions_addclosefrom_np, declared only under _GNU_SOURCE, which Swift's Glibc module
/// does not import). Returns 0 or an error number.
int satune_spawn_close_from(posix_spawn_file_actions_t *actions, int from);

#endif
