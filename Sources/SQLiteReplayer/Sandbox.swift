import CSQLite3

/// What workload SQL may do: touch its own database copy, nothing else.
///
/// A workload file is someone else's SQL run by the harness, so every connection that runs it (the
/// `@setup` build and every replay of `@run`) is confined:
///
/// - SQLite's authorizer (`sqlite3_set_authorizer`) refuses, when a statement is compiled, `ATTACH` and
///   `DETACH` (and with them `VACUUM INTO`, which attaches its target), the `load_extension()` function,
///   and the PRAGMAs that point SQLite at other files (`temp_store_directory`, `data_store_directory`);
/// - `SQLITE_LIMIT_ATTACHED` is 0, so no statement can attach a second database even past the authorizer;
/// - `SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION` is off (no extension can be loaded, from SQL or C);
/// - `SQLITE_DBCONFIG_DEFENSIVE` is on (no writes to the schema table or raw database pages that could
///   corrupt the copy behind SQLite's back), and `SQLITE_DBCONFIG_TRUSTED_SCHEMA` off.
///
/// A refused statement fails to compile; `refusal` then says why, and the workload error names the
/// file and line.
final class Sandbox {
    /// Why the last statement was refused, in words.
    private(set) var refusal: String?

    static let forbiddenPragmas: Set<String> = ["temp_store_directory", "data_store_directory"]

    /// Confines `connection` from now on.
    func install(on connection: Connection) {
        guard let db = connection.handle else { return }
        sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0)
        _ = satune_db_config_flag(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0)
        _ = satune_db_config_flag(db, SQLITE_DBCONFIG_DEFENSIVE, 1)
        _ = satune_db_config_flag(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0)
        sqlite3_set_authorizer(
            db,
            { context, action, first, second, _, _ in
                let sandbox = Unmanaged<Sandbox>.fromOpaque(context!).takeUnretainedValue()
                return sandbox.authorize(action, first.map { String(cString: $0) }, second.map { String(cString: $0) })
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Lifts the authorizer (for satune's own statements after the workload's); the limits stay.
    func remove(from connection: Connection) {
        guard let db = connection.handle else { return }
        sqlite3_set_authorizer(db, nil, nil)
    }

    /// Forgets the refusal of an earlier statement (call before compiling the next one).
    func clearRefusal() { refusal = nil }

    private func authorize(_ action: Int32, _ first: String?, _ second: String?) -> Int32 {
        switch action {
        case SQLITE_ATTACH:
            return deny("ATTACH and VACUUM INTO open another database file (\(first ?? "?"))")
        case SQLITE_DETACH:
            return deny("DETACH is not needed: a workload has only its own database")
        case SQLITE_FUNCTION where second?.lowercased() == "load_extension":
            return deny("load_extension() loads code from a file")
        case SQLITE_PRAGMA:
            let name = (first ?? "").lowercased()
            return Self.forbiddenPragmas.contains(name)
                ? deny("PRAGMA \(name) points SQLite at another folder") : SQLITE_OK
        default:
            return SQLITE_OK
        }
    }

    private func deny(_ why: String) -> Int32 {
        refusal = why + "; a workload may only touch its own database copy"
        return SQLITE_DENY
    }
}
