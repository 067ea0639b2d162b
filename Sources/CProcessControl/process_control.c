#define _GNU_SOURCE
#include "process_control.h"

#include <spawn.h>
#include <sys/prctl.h>

int satune_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

int satune_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
