import Foundation
import Synchronization
import TuningKit

/// The pristine databases of workloads, built once by their `@setup` section and cached on disk, one per
/// workload setup and value of the build knobs (`page_size`, `auto_vacuum`), and the scratch copies that
/// trials run on.
///
/// A pristine file is named by a hash of the setup text, the build PRAGMAs and the SQLite version, is
/// written under a temporary name and renamed into place when complete (so concurrent runs and a crash
/// mid-build never leave a half-built database), and is made read-only. Trials never open it: each gets a
/// byte-identical copy in the scratch folder, flushed to disk before timing starts and removed afterwards.
public final class PristineStore: @unchecked Sendable {  // only immutable state; the file system is the shared part
    /// Where pristine databases are kept (`$SATUNE_CACHE/pristine` or `~/.cache/satune/pristine`).
    public let folder: URL
    /// Where trial copies live while they run; on the same disk as the cache, never in a RAM disk.
    public let scratch: URL
    /// Numbers the files this store names, unique within the process.
    private let counter = Atomic<Int>(0)
    private func nextNumber() -> Int { counter.add(1, ordering: .relaxed).newValue }

    /// The default cache folder, `CacheFolder.root`.
    public static var defaultRoot: URL { CacheFolder.root }

    public init(root: URL = PristineStore.defaultRoot) {
        folder = root.appendingPathComponent("pristine")
        scratch = root.appendingPathComponent("scratch")
        Self.removeOrphans(in: folder)
        Self.removeOrphans(in: scratch)
    }

    /// Removes the files of processes that are gone (trial copies and half-built databases left by a
    /// crash or Ctrl-C); their names carry the process id as `-<pid>-<n>`.
    private static func removeOrphans(in folder: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            guard let marker = name.range(of: "trial-") ?? name.range(of: ".building-"),
                let pid = Int32(name[marker.upperBound...].prefix { $0.isNumber }),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    /// The pristine database of `script` for these build-knob values, built now if not cached: the build
    /// knobs, then a first write so that they are in the file's header even when `@setup` writes nothing,
    /// then `@setup` in the sandbox under the setup time limit. A build that fails leaves nothing behind.
    /// A build that takes longer than a second says how far it has come through `progress`, about once a second.
    func database(
        for script: WorkloadScript, values: [String: KnobValue], setupTimeout: Double = Replayer.defaultSetupTimeout,
        interruption: Interruption = Interruption(), progress: (@Sendable (String) -> Void)? = nil
    ) throws -> URL {
        let pragmas = SQLiteKnobs.buildPragmas(values)
        let hash = fnv1a(
            (pragmas.joined(separator: ";") + Connection.libraryVersion).utf8, continuing: script.setupHash)
        let suffix = SQLiteKnobs.buildKnobs.sorted().compactMap { name in values[name].map { "\(name)_\($0)" } }.joined(
            separator: "-")
        let url = folder.appendingPathComponent("\(script.name)-\(String(hash, radix: 16))-\(suffix).db")
        if FileManager.default.fileExists(atPath: url.path) { return url }

        try Self.createFolder(folder)
        let building = folder.appendingPathComponent(url.lastPathComponent + ".building-\(getpid())-\(nextNumber())")
        defer { Self.remove(building) }
        let connection = try Connection(path: building.path, create: true)
        for pragma in pragmas { try connection.execute(pragma) }
        try connection.execute("PRAGMA user_version = 0")  // writes the header: page_size and auto_vacuum are now fixed
        // Build fast; none of these persist in the file.
        try connection.execute("PRAGMA synchronous = OFF")
        try connection.execute("PRAGMA cache_size = -262144")
        if let setup = script.setup {
            let sandbox = Sandbox()
            sandbox.install(on: connection)
            let reporter = progress.map { BuildProgress(script: script, setup: setup, report: $0) }
            _ = try script.execute(
                setup, on: connection, sandbox: sandbox,
                watchdog: Watchdog(.setup(seconds: setupTimeout), interruption: interruption),
                progress: reporter.map { reporter in { reporter.reached($0) } })
            reporter?.finished()
            sandbox.remove(from: connection)
        }
        try connection.execute("PRAGMA journal_mode = DELETE")  // a setup may have switched to WAL; fold it back
        connection.close()
        try Self.flush(building)
        chmod(building.path, 0o444)
        if rename(building.path, url.path) != 0 && !FileManager.default.fileExists(atPath: url.path) {
            throw SQLiteError(
                code: 0,
                message: "cannot move the pristine database into \(url.path): \(String(cString: strerror(errno)))")
        }
        return url
    }

    /// A fresh, byte-identical, writable copy of `pristine` in the scratch folder, flushed to disk.
    func copy(_ pristine: URL) throws -> URL {
        try Self.createFolder(scratch)
        let copy = scratch.appendingPathComponent("trial-\(getpid())-\(nextNumber()).db")
        Self.remove(copy)
        do {
            try FileManager.default.copyItem(at: pristine, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy.path)
        } catch {
            Self.remove(copy)
            throw SQLiteError(
                code: 0, message: "cannot copy \(pristine.path) to \(copy.path): \(PlainError.reason(error))")
        }
        try Self.flush(copy)
        return copy
    }

    /// Creates a cache folder, saying in words why it cannot.
    private static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SQLiteError(
                code: 0,
                message:
                    "cannot create the cache folder \(url.path): \(PlainError.reason(error)) (set SATUNE_CACHE to "
                    + "a writable folder)"
            )
        }
    }

    /// The cached pristine databases and their total size in bytes (files satune did not write are not counted).
    public func contents() -> (files: Int, bytes: Int) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter(Self.isOurs)
        let bytes = names.compactMap { name in
            (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size]) as? Int
        }.reduce(0, +)
        return (names.count, bytes)
    }

    /// Removes every cached pristine database (they are rebuilt on demand), and nothing else: files in the
    /// folder that satune did not name are left, and returned.
    public func clear() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where Self.isOurs(name) {
            guard unlink(folder.appendingPathComponent(name).path) == 0 || errno == ENOENT else {
                throw SQLiteError(
                    code: 0, message: "cannot remove \(folder.path)/\(name): \(String(cString: strerror(errno)))")
            }
        }
        let left = names.filter { !Self.isOurs($0) }.sorted()
        if left.isEmpty { rmdir(folder.path) }
        return left
    }

    /// True for the names this store gives: `<workload>-<hash>-auto_vacuum_<v>-page_size_<v>.db` with its
    /// journal, WAL and shared-memory files, and the same with `.building-<pid>-<n>` while it is built.
    static func isOurs(_ name: String) -> Bool {
        let database = #"^.+-[0-9a-f]+-auto_vacuum_[A-Z]+-page_size_[0-9]+\.db"#
        let companion = #"(-journal|-wal|-shm)?"#
        let building = #"(\.building-[0-9]+-[0-9]+"# + companion + ")?$"
        return name.range(of: database + companion + building, options: .regularExpression) != nil
    }

    /// Removes a database file with its journal, WAL and shared-memory files.
    static func remove(_ database: URL) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            unlink(database.path + suffix)
        }
    }

    /// fsync, so the copy's dirty pages do not drain to disk in the middle of a timed replay.
    private static func flush(_ file: URL) throws {
        let fd = open(file.path, O_RDONLY)
        guard fd >= 0 else {
            throw SQLiteError(code: 0, message: "cannot open \(file.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        fsync(fd)
    }
}

/// Says how far the build of a pristine database has come, once it has taken more than a second and then
/// about once a second: "big.sql: building the pristine database: line 120000 of 371000 (32%), 2 s".
private final class BuildProgress {
    let script: WorkloadScript
    let setup: Range<Int>
    let report: (String) -> Void
    private let started = monotonicNanoseconds()
    private var next: UInt64
    private var said = false

    init(script: WorkloadScript, setup: Range<Int>, report: @escaping (String) -> Void) {
        (self.script, self.setup, self.report) = (script, setup, report)
        next = started + 1_000_000_000
    }

    /// After each statement: `offset` is where the next one starts.
    func reached(_ offset: Int) {
        let now = monotonicNanoseconds()
        guard now >= next else { return }
        next = now + 1_000_000_000
        said = true
        let share = Double(offset - setup.lowerBound) / Double(max(setup.count, 1))
        report(
            "\(script.path): building the pristine database: line \(script.line(at: offset)) of "
                + "\(script.line(at: setup.upperBound)) (\(Int(share * 100))%), \((now - started) / 1_000_000_000) s")
    }

    func finished() {
        guard said else { return }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        report(
            "\(script.path): built the pristine database in \(String(format: "%.1f", seconds)) s "
                + "(cached for later runs)"
        )
    }
}
