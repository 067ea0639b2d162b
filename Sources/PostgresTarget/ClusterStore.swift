import Foundation
import Synchronization
import TuningKit

/// The pristine data directories of workloads, built once and cached on disk, and the trial folders made
/// from them.
///
/// A pristine cluster is `initdb`, the settings of a private server, and the workload's data (`pgbench -i`
/// or the `@setup` SQL), vacuumed, analyzed, checkpointed and cleanly shut down. It is named by a hash of
/// what it depends on (the workload's build, the PostgreSQL version), built under a temporary name and
/// renamed into place when complete, so a crash or Ctrl-C mid-build never leaves a half-built one. Trials
/// never start a server on it: each gets a copy (`cp -a`, flushed to disk before timing starts) in a trial
/// folder that is removed afterwards. Folders of processes that are gone are swept when a store opens, with
/// any server still running in them.
///
/// As root, the store lives in `/var/cache/satune/postgres` unless `SATUNE_CACHE` says otherwise, since the
/// `postgres` user the server runs as cannot enter root's home; otherwise in `CacheFolder.root/postgres`.
public final class ClusterStore: @unchecked Sendable {  // immutable state; the file system is the shared part
    /// Where pristine clusters are kept, and where trial folders live while they run.
    public let folder: URL
    public let scratch: URL
    let installation: PostgresInstallation
    /// Numbers the folders this store names, unique within the process.
    private let counter = Atomic<Int>(0)
    private func nextNumber() -> Int { counter.add(1, ordering: .relaxed).newValue }
    private static let builds = ProcessCache<URL>()

    /// The store's root for this process.
    public static func defaultRoot(for user: ServerUser) -> URL {
        if user.isOtherAccount && !CacheFolder.isSetByUser {
            return URL(fileURLWithPath: "/var/cache/satune/postgres")
        }
        return CacheFolder.root.appendingPathComponent("postgres")
    }

    public init(root: URL? = nil, installation: PostgresInstallation) throws {
        let given = root ?? Self.defaultRoot(for: installation.serverUser)
        self.installation = installation
        let user = installation.serverUser
        do {
            try FileManager.default.createDirectory(at: given, withIntermediateDirectories: true)
        } catch {
            throw PostgresError(
                "cannot create the cluster folder \(given.path): \(PlainError.reason(error)) (set SATUNE_CACHE to "
                    + "a writable folder)")
        }
        // The canonical path (no "..", "//" or links), as pg_ctl passes the data directory on to the server, so
        // that a server is always found by its command line.
        let root = URL(fileURLWithPath: given.resolvingSymlinksInPath().standardizedFileURL.path)
        folder = root.appendingPathComponent("pristine")
        scratch = root.appendingPathComponent("trials")
        for url in [folder, scratch] {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw PostgresError(
                    "cannot create the cluster folder \(url.path): \(PlainError.reason(error)) (set SATUNE_CACHE to "
                        + "a writable folder)")
            }
        }
        guard user.canReach(scratch) else {
            throw PostgresError(
                "the \(user.name) user, which runs the server, cannot reach \(scratch.path): it needs search (x) "
                    + "permission on every folder above it (set SATUNE_CACHE to a folder it can reach)")
        }
        for path in [Self.trialName(0), Self.buildSocketName(0)] {
            let socket = scratch.appendingPathComponent(path + "/.s.PGSQL.5432").path
            guard socket.utf8.count < 104 else {
                throw PostgresError(
                    "the cluster folder \(root.path) is too deep for a Unix socket path (\(socket.utf8.count) bytes, "
                        + "at most 103); set SATUNE_CACHE to a shorter folder")
            }
        }
        for url in [folder, scratch] { Self.removeOrphans(in: url) }
    }

    /// This machine's short name: folders carry it, so that machines sharing a cache (a cluster's home
    /// folders) never take each other's folders for orphans.
    private static let host: String = {
        let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return String(name.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(24))
    }()

    /// `trial-<host>-<pid>-<n>`, and the `.building-<host>-<pid>-<n>` suffix of a cluster being built.
    private static func trialName(_ n: Int) -> String { "trial-\(host)-\(getpid())-\(String(format: "%06d", n))" }
    private static func buildSuffix(_ n: Int) -> String { ".building-\(host)-\(getpid())-\(n)" }
    /// `build-<host>-<pid>-<n>`: the short folder of a building cluster's socket, in the trials folder.
    private static func buildSocketName(_ n: Int) -> String { "build-\(host)-\(getpid())-\(n)" }

    // MARK: Pristine clusters

    /// The pristine data directory of `workload`, built now if it is not cached (once per process and key
    /// even when several threads ask at once).
    func pristine(for workload: PgbenchWorkload, timeout: Double, interruption: Interruption) throws -> URL {
        let hash = fnv1a((workload.buildIdentity + "|" + installation.version).utf8)
        let url = folder.appendingPathComponent("\(workload.name.prefix(40))-\(String(hash, radix: 16))")
        return try Self.builds.value(for: url.path) {
            let data = url.appendingPathComponent("data")
            if FileManager.default.fileExists(atPath: data.path) { return data }
            let n = nextNumber()
            let building = folder.appendingPathComponent(url.lastPathComponent + Self.buildSuffix(n))
            let socket = scratch.appendingPathComponent(Self.buildSocketName(n))
            defer {
                try? FileManager.default.removeItem(at: building)
                try? FileManager.default.removeItem(at: socket)
            }
            do {
                try FileManager.default.createDirectory(at: socket, withIntermediateDirectories: false)
            } catch {
                throw PostgresError("cannot create \(socket.path): \(PlainError.reason(error))")
            }
            try installation.serverUser.own(socket)
            chmod(socket.path, 0o700)
            try ClusterBuild(
                folder: building, socketFolder: socket, installation: installation, timeout: timeout,
                interruption: interruption
            ).build(workload)
            if rename(building.path, url.path) != 0 && !FileManager.default.fileExists(atPath: data.path) {
                throw PostgresError(
                    "cannot move the pristine cluster into \(url.path): \(String(cString: strerror(errno)))")
            }
            return data
        }
    }

    // MARK: Trial folders

    /// A new trial folder holding a fresh copy of `pristine`, flushed to disk, owned by the server's user.
    func newTrial(from pristine: URL) throws -> TrialFolder {
        let url = scratch.appendingPathComponent(Self.trialName(nextNumber()))
        try? FileManager.default.removeItem(at: url)
        let trial = TrialFolder(url: url)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try installation.serverUser.own(url)
            chmod(url.path, 0o700)
            let copy = try ChildProcess.run("/bin/cp", ["-a", pristine.path, trial.data.path], timeout: 600)
            guard copy.succeeded else { throw PostgresError("cannot copy \(pristine.path): \(copy.tail)") }
            try Self.flush(url)
        } catch {
            trial.remove()
            throw error
        }
        return trial
    }

    /// Writes every dirty page to disk (the copy's among them), so that they do not drain in the middle of a
    /// timed run. (`sync`: Glibc's module does not offer `syncfs`; on a quiet machine the two do the same.)
    static func flush(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PostgresError("cannot flush \(url.path): it does not exist")
        }
        sync()
    }

    /// Removes the folders of this machine's processes that are gone (trials and builds left by a crash, a kill
    /// or a second Ctrl-C), stopping a server still running in one; names carry the host and process id.
    private static func removeOrphans(in folder: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let marker =
                name.hasPrefix("trial-\(host)-")
                ? name.range(of: "trial-\(host)-")
                : name.hasPrefix("build-\(host)-")
                    ? name.range(of: "build-\(host)-") : name.range(of: ".building-\(host)-", options: .backwards)
            guard let marker, let pid = Int32(name[marker.upperBound...].prefix { $0.isNumber }),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let url = folder.appendingPathComponent(name)
            PostmasterProcess(data: url.appendingPathComponent("data"))?.stopNow()
            try? FileManager.default.removeItem(at: url)
        }
    }

    // MARK: The cache as a whole

    /// The cached pristine clusters and their total size in bytes (folders satune did not make are not counted).
    public func contents() -> (clusters: Int, bytes: Int) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            isOurs($0) && !$0.contains(".building-")
        }
        let bytes = names.map { Self.size(of: folder.appendingPathComponent($0)) }.reduce(0, +)
        return (names.count, bytes)
    }

    /// Removes every cached pristine cluster (they are rebuilt on demand), and nothing else: entries of the
    /// folder that satune did not make are left, and returned.
    public func clear() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where isOurs(name) {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            } catch {
                throw PostgresError("cannot remove \(folder.path)/\(name): \(PlainError.reason(error))")
            }
        }
        return names.filter { !isOurs($0) }.sorted()
    }

    /// True for a folder this store makes: `<workload>-<hash>` (or one being built, `...building-<host>-<pid>-<n>`)
    /// holding a PostgreSQL data directory, or nothing yet while it is built.
    private func isOurs(_ name: String) -> Bool {
        let building = name.range(of: #"\.building-[A-Za-z0-9-]+-[0-9]+-[0-9]+$"#, options: .regularExpression)
        let base = building.map { String(name[..<$0.lowerBound]) } ?? name
        guard base.range(of: #"^.{1,40}-[0-9a-f]+$"#, options: .regularExpression) != nil else { return false }
        let data = folder.appendingPathComponent(name).appendingPathComponent("data/PG_VERSION").path
        return building != nil || FileManager.default.fileExists(atPath: data)
    }

    private static func size(of url: URL) -> Int {
        guard let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey]) else {
            return 0
        }
        return files.compactMap { ($0 as? URL).flatMap { try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize } }
            .reduce(0, +)
    }
}

/// A trial's private folder: the copy of the data directory (`data/`), the server's log and Unix socket,
/// pgbench's script and per-transaction logs. Nothing else is written during a trial.
final class TrialFolder: Sendable {
    let url: URL
    /// Where the server's Unix socket goes: the folder itself, or a shorter one (for a cluster being built,
    /// whose folder name carries the workload's).
    let socketFolder: URL
    init(url: URL, socketFolder: URL? = nil) {
        self.url = url
        self.socketFolder = socketFolder ?? url
    }
    var data: URL { url.appendingPathComponent("data") }
    var serverLog: URL { url.appendingPathComponent("server.log") }
    var script: URL { url.appendingPathComponent("script.pgbench") }
    var transactionLogPrefix: URL { url.appendingPathComponent("pgbench_log") }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
