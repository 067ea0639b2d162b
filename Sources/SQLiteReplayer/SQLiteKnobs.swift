import TuningKit

/// SQLite's performance knobs (PRAGMAs), with the ranges of the SQLite documentation and the defaults
/// of the linked library on Debian 12 (SQLite 3.40.1; a test checks them against a fresh connection).
///
/// Every value is written exactly as the PRAGMA takes it (`journal_mode=WAL`, `cache_size=-65536`), so a
/// configuration from a results file can be replayed by hand in the `sqlite3` shell.
/// Values that give up crash safety (`synchronous=OFF`, `journal_mode=OFF` or `MEMORY`) are marked unsafe.
/// `page_size` and `auto_vacuum` only take effect before the database is written: they are
/// build knobs, baked into the pristine database (one cached build per value).
public enum SQLiteKnobs {
    /// Knobs that must be set before the database is written.
    public static let buildKnobs: Set<String> = ["page_size", "auto_vacuum"]

    /// All knobs, roughly in order of measured effect (durability first, then memory, then the rest).
    public static let all: [Knob] = [
        Knob(
            name: "journal_mode", domain: .categorical(["DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"]),
            defaultValue: .categorical("DELETE"), unsafeValues: [.categorical("MEMORY"), .categorical("OFF")],
            summary: "rollback journal or write-ahead log; MEMORY and OFF lose the database on a crash"),
        Knob(
            name: "synchronous", domain: .categorical(["OFF", "NORMAL", "FULL", "EXTRA"]),
            defaultValue: .categorical("FULL"), unsafeValues: [.categorical("OFF")],
            summary: "how often SQLite waits for fsync; OFF can corrupt the database on power loss"),
        Knob(
            name: "locking_mode", domain: .categorical(["NORMAL", "EXCLUSIVE"]), defaultValue: .categorical("NORMAL"),
            summary: "EXCLUSIVE keeps the file lock between transactions (one connection only)"),
        Knob(
            name: "cache_size", domain: .integer(-1_048_576 ... -128), defaultValue: .integer(-2000), unit: "kB",
            logScale: true, summary: "page cache size; negative = KiB (-2000 is about 2 MB)"),
        Knob(
            name: "mmap_size", domain: .integer(1_048_576...2_147_418_112), defaultValue: .integer(0), unit: "B",
            logScale: true, specialValues: [.init(.integer(0), meaning: "memory-mapped I/O off")],
            summary: "bytes of the database file read through mmap (capped at about 2 GiB on Debian)"),
        Knob(
            name: "temp_store", domain: .categorical(["DEFAULT", "FILE", "MEMORY"]),
            defaultValue: .categorical("DEFAULT"),
            summary: "where temporary tables and sort runs live"),
        Knob(
            name: "page_size",
            domain: .categorical(["512", "1024", "2048", "4096", "8192", "16384", "32768", "65536"]),
            defaultValue: .categorical("4096"), unit: "B",
            summary: "database page size; set before the database is written (build knob)"),
        Knob(
            name: "wal_autocheckpoint", domain: .integer(100...100_000), defaultValue: .integer(1000), unit: "pages",
            logScale: true, specialValues: [.init(.integer(0), meaning: "no automatic checkpoints")],
            summary: "WAL pages that trigger a checkpoint (WAL mode only)"),
        Knob(
            name: "cache_spill", domain: .boolean, defaultValue: .boolean(true),
            summary: "may dirty pages spill to the file before a transaction commits"),
        Knob(
            name: "automatic_index", domain: .boolean, defaultValue: .boolean(true),
            summary: "may the planner build transient indexes for joins"),
        Knob(
            name: "secure_delete", domain: .categorical(["OFF", "ON", "FAST"]), defaultValue: .categorical("ON"),
            summary: "overwrite deleted content with zeros (Debian builds default to ON)"),
        Knob(
            name: "auto_vacuum", domain: .categorical(["NONE", "FULL", "INCREMENTAL"]),
            defaultValue: .categorical("NONE"),
            summary: "give free pages back to the file system; set before the database is written (build knob)"),
        Knob(
            name: "threads", domain: .integer(0...8), defaultValue: .integer(0),
            summary: "auxiliary threads a statement may use for sorting"),
    ]

    /// The version of the linked SQLite library, e.g. "3.40.1".
    public static var libraryVersion: String { Connection.libraryVersion }

    /// The whole space.
    public static let space = KnobSpace(all)

    /// A knob subset by name (nil = all), without unsafe values when `safeOnly`; throws naming an unknown knob.
    public static func space(knobs names: [String]?, safeOnly: Bool) throws(KnobError) -> KnobSpace {
        var chosen = space
        if let names {
            for name in names where space[name] == nil {
                throw KnobError(knob: name, "unknown SQLite knob; known: \(space.names.joined(separator: ", "))")
            }
            chosen = space.subset(names)!
        }
        return safeOnly ? chosen.safe() : chosen
    }

    /// The value of every knob of the full space: `configuration`'s where `space` has the knob, defaults elsewhere.
    static func completed(_ configuration: Configuration, of space: KnobSpace) -> [String: KnobValue] {
        var values = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0.defaultValue) })
        for (knob, value) in zip(space.knobs, configuration.values) { values[knob.name] = value }
        return values
    }

    /// The PRAGMA statements that apply the run-time knobs of `values` to a fresh connection, in an order that
    /// works (the locking mode before the journal mode, so WAL with EXCLUSIVE needs no shared memory).
    static func pragmas(_ values: [String: KnobValue]) -> [String] {
        let order = [
            "locking_mode", "journal_mode", "synchronous", "cache_size", "mmap_size", "temp_store",
            "wal_autocheckpoint", "cache_spill", "automatic_index", "secure_delete", "threads",
        ]
        return order.compactMap { name in values[name].map { "PRAGMA \(name) = \($0)" } }
    }

    /// What SQLite answers to `PRAGMA name` in the form knob values are written in, upper case (`WAL`, `FULL`,
    /// `ON`, `-2000`), to compare with the value set; nil for an answer that is not one.
    static func readBack(_ name: String, _ answer: String?) -> String? {
        guard let answer else { return nil }
        let names: [String: [String]] = [
            "synchronous": ["OFF", "NORMAL", "FULL", "EXTRA"], "temp_store": ["DEFAULT", "FILE", "MEMORY"],
            "secure_delete": ["OFF", "ON", "FAST"], "auto_vacuum": ["NONE", "FULL", "INCREMENTAL"],
        ]
        if let choices = names[name] { return Int(answer).flatMap { choices.indices.contains($0) ? choices[$0] : nil } }
        switch name {
        case "cache_spill", "automatic_index": return Int(answer).map { $0 == 0 ? "OFF" : "ON" }
        default: return answer.uppercased()
        }
    }

    /// PRAGMAs that change a knob under another name: `default_cache_size` (deprecated, still compiled into
    /// Debian's SQLite) sets the cache size as `cache_size` does.
    static let aliases = ["default_cache_size": "cache_size"]

    /// The knobs that a workload's own `PRAGMA` statements set (which would override the tuned values), by the
    /// names SQLite's parser reads, aliases mapped to their knob: in `@setup` the build knobs, whose value the
    /// pristine database keeps; in `@run` any knob.
    public static func setByWorkload(_ script: WorkloadScript) -> [(knob: String, line: Int)] {
        func knobs(in section: Range<Int>) -> [(knob: String, line: Int)] {
            script.pragmaAssignments(in: section).map { (aliases[$0.pragma] ?? $0.pragma, $0.line) }
        }
        let setup = script.setup.map { knobs(in: $0).filter { buildKnobs.contains($0.knob) } } ?? []
        let run = knobs(in: script.run).filter { space[$0.knob] != nil }
        return setup + run
    }

    /// The PRAGMA statements for the build knobs, run on an empty database before its schema.
    static func buildPragmas(_ values: [String: KnobValue]) -> [String] {
        ["page_size", "auto_vacuum"].compactMap { name in values[name].map { "PRAGMA \(name) = \($0)" } }
    }
}
