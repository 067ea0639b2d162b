import Foundation
import TuningKit

/// How and where results were produced: satune's version and commit, the libraries that affect the last
/// bits of results (OpenBLAS kernel and threads, SQLite), and the machine. Recorded in `run.json`; a
/// merge refuses shards produced by different code.
public struct Provenance: Codable, Sendable {
    public let satuneVersion: String
    /// The commit of the source tree satune was built from, with "+dirty" when it had uncommitted
    /// changes; nil when the tree is not a git checkout any more (or not asked yet: see `current`).
    public var gitCommit: String?
    public let host: String
    public let operatingSystem: String
    public let processors: Int
    public let openblasVersion: String
    public let blasCore: String
    public let blasThreads: Int
    public let blasConfiguration: String
    public let sqliteVersion: String
    /// OPENBLAS_* variables in force (they select kernels and so affect the last bits of results).
    public let environmentVariables: [String: String]

    /// satune's release version.
    public static let version = "0.10.0"

    /// The libraries that affect the last bits of results, as the process that ran found them (the runner
    /// asks LinearAlgebra and SQLiteReplayer; this module depends on neither).
    public struct Libraries: Sendable {
        /// OpenBLAS's own description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
        public var blasConfiguration: String
        public var blasCore: String
        public var blasThreads: Int
        public var sqliteVersion: String

        public init(blasConfiguration: String, blasCore: String, blasThreads: Int, sqliteVersion: String) {
            (self.blasConfiguration, self.blasCore, self.blasThreads) = (blasConfiguration, blasCore, blasThreads)
            self.sqliteVersion = sqliteVersion
        }
    }

    /// The provenance of this process, with its `libraries`. Asking git for the commit takes tens of
    /// milliseconds, so a run starts with `withCommit: false`, sets up its folder, and fills `gitCommit` from
    /// `sourceCommit` (which `prefetchCommit()` has been computing meanwhile).
    public static func current(libraries: Libraries, withCommit: Bool = true) -> Provenance {
        let info = ProcessInfo.processInfo
        let words = libraries.blasConfiguration.split(separator: " ")
        let openblas = words.first == "OpenBLAS" && words.count > 1 ? String(words[1]) : "unknown"
        return Provenance(
            satuneVersion: version, gitCommit: withCommit ? sourceCommit : nil, host: info.hostName,
            operatingSystem: info.operatingSystemVersionString, processors: info.activeProcessorCount,
            openblasVersion: openblas, blasCore: libraries.blasCore, blasThreads: libraries.blasThreads,
            blasConfiguration: libraries.blasConfiguration, sqliteVersion: libraries.sqliteVersion,
            environmentVariables: info.environment.filter { $0.key.hasPrefix("OPENBLAS") })
    }

    /// The same code: version and commit agree (a missing commit matches only a missing one).
    public func sameCode(as other: Provenance) -> Bool {
        satuneVersion == other.satuneVersion && gitCommit == other.gitCommit
    }

    /// "0.10.0 (commit abc123)" for messages.
    public var codeDescription: String { "\(satuneVersion) (commit \(gitCommit ?? "unknown"))" }

    /// Starts asking git for the commit on another thread.
    public static func prefetchCommit() {
        Thread.detachNewThread { _ = sourceCommit }
    }

    /// The commit of the checkout this file was compiled in, asked of git once per process.
    public static let sourceCommit: String? = {
        guard let root = SourceTree.root,
            let commit = git(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines),
            commit.count == 40
        else { return nil }
        let dirty = git(["status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift"], in: root)
        return dirty.map { $0.isEmpty ? commit : commit + "+dirty" } ?? commit
    }()

    private static func git(_ arguments: [String], in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", folder.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
