#ifndef SATUNE_PROCESS_CONTROL_H
#define SATUNE_PROCESS_CONTROL_H

/// Makes this process a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER): a descendant whose parent
/// exits, such as the server `pg_ctl` starts and leaves running, becomes this process's child, so that
/// this process can wait for it and reap it the moment it ends. Returns 0, or -1 with errno set.
/// (prctl is variadic, so Swift cannot call it directly.)
int satune_become_subreaper(void);

#endif
