import CProcessControl
import Foundation
import TuningKit

/// The PostgreSQL 15 programs satune runs: Debian's `postgresql-15` package (`make postgres` installs it),
/// in `/usr/lib/postgresql/15/bin`, or the folder `SATUNE_PG_BIN` names.
public struct PostgresInstallation: Sendable {
    /// The folder of `initdb`, `pg_ctl`, `postgres`, `pgbench` and `psql`.
    public let binFolder: URL
    /// The server's version, e.g. "15.18".
    public let version: String
    /// The account the server runs as.
    public let serverUser: ServerUser

    static let programs = ["initdb", "pg_ctl", "postgres", "pgbench", "psql"]
    private static let found = ProcessCache<PostgresInstallation>()

    /// The installation of this machine, looked up once per process; an error says how to install it.
    public static func find() throws -> PostgresInstallation {
        let folder =
            ProcessInfo.processInfo.environment["SATUNE_PG_BIN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/usr/lib/postgresql/15/bin"
        return try found.value(for: folder) { try PostgresInstallation(folder: URL(fileURLWithPath: folder)) }
    }

    private init(folder: URL) throws {
        for program in Self.programs {
            let path = folder.appendingPathComponent(program).path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw PostgresError(
                    "PostgreSQL 15 is not installed: there is no \(path) (run `make postgres`, which installs "
                        + "Debian's postgresql-15 with pgbench, or set SATUNE_PG_BIN to the folder of its programs)")
            }
        }
        binFolder = folder
        let answer = try ChildProcess.run(folder.appendingPathComponent("postgres").path, ["--version"], timeout: 30)
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let words = answer.output.split(separator: " ")
        guard answer.succeeded, let index = words.firstIndex(of: "(PostgreSQL)"), index + 1 < words.count else {
            throw PostgresError("cannot tell the version of \(folder.path)/postgres: \(answer.tail)")
        }
        version = String(words[index + 1]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard version.hasPrefix("15.") || version == "15" else {
            throw PostgresError(
                "\(folder.path)/postgres is PostgreSQL \(version); satune's postgres environment needs PostgreSQL 15")
        }
        serverUser = try ServerUser.forThisProcess()
        // The servers pg_ctl leaves running become satune's children, so that stopping one reaps it at once
        // (no zombie is left for an init process that reaps only now and then).
        if satune_become_subreaper() != 0 {
            throw PostgresError(
                "cannot become a subreaper for the servers satune starts: \(String(cString: strerror(errno)))")
        }
    }

    /// The path of one of the programs.
    func path(_ program: String) -> String { binFolder.appendingPathComponent(program).path }
}
