#include <sqlite3.h>

/// sqlite3_db_config with an int setting, which Swift cannot call directly (the C function is variadic).
static inline int satune_db_config_flag(sqlite3 *db, int op, int value) {
    return sqlite3_db_config(db, op, value, (int *)0);
}
