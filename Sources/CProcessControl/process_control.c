#include "process_control.h"

#include <sys/prctl.h>

int satune_become_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }
