import Foundation
import TuningKit

/// One PostgreSQL server that satune starts on a folder of its own (`folder/data`), reachable only through
/// the Unix socket in that folder (`listen_addresses = ''`: no TCP), and stops at once when done.
///
/// The configuration goes into `postgresql.auto.conf` before the start, so settings that need a restart and
/// those a reload would do are treated alike. While the server runs, an `EmergencyStop` action can stop it
/// from an immediate exit.
final class PostgresServer {
    let trial: TrialFolder
    let installation: PostgresInstallation
    private(set) var postmaster: PostmasterProcess?
    private var emergencyToken: Int?

    init(trial: TrialFolder, installation: PostgresInstallation) {
        self.trial = trial
        self.installation = installation
    }

    deinit { stop() }

    /// Settings every server satune starts has, whatever the configuration: private, on the trial's socket.
    static func privateSettings(socketFolder: URL, clients: Int) -> [(String, String)] {
        [
            ("listen_addresses", ""), ("unix_socket_directories", socketFolder.path), ("port", "5432"),
            ("max_connections", String(max(100, clients + 10))), ("logging_collector", "off"),
        ]
    }

    /// Writes `settings` into `postgresql.auto.conf` and starts the server, waiting at most `timeout` seconds
    /// until it accepts connections. Returns nil when it runs, or why it did not start: the server's own log
    /// lines (`FATAL: could not map anonymous shared memory: Cannot allocate memory`). Throws only when the
    /// programs themselves cannot be run. `cpus` keeps the server on those cores (`ChildProcess.run`).
    func start(_ settings: [(String, String)], timeout: Double, interruption: Interruption, cpus: String? = nil)
        throws -> String?
    {
        let lines = settings.map { "\($0.0) = '\($0.1.replacingOccurrences(of: "'", with: "''"))'" }
        let text = "# Written by satune for one trial.\n" + lines.joined(separator: "\n") + "\n"
        let file = trial.data.appendingPathComponent("postgresql.auto.conf")
        do { try text.write(to: file, atomically: false, encoding: .utf8) } catch {
            throw PostgresError("cannot write \(file.path): \(PlainError.reason(error))")
        }
        try installation.serverUser.own(file)
        let outcome = try ChildProcess.run(
            installation.path("pg_ctl"),
            [
                "-D", trial.data.path, "-l", trial.serverLog.path, "-w", "-t", String(Int(timeout.rounded(.up))),
                "start",
            ],
            as: installation.serverUser, in: trial.url, timeout: timeout + 10, interruption: interruption, cpus: cpus)
        postmaster = PostmasterProcess(data: trial.data)
        if let postmaster {
            emergencyToken = EmergencyStop.register { kill(postmaster.pid, SIGQUIT) }
        }
        if outcome.succeeded, postmaster != nil { return nil }
        stop()
        if outcome.interrupted { return Measurement.interruptedReason }
        let logged = Self.problems(inLog: trial.serverLog)
        if outcome.timedOut || outcome.output.contains("did not start in time") {
            return "the server did not start within \(Int(timeout)) s (start_timeout)"
                + (logged.isEmpty ? "" : ": " + logged)
        }
        return "the server did not start: " + (logged.isEmpty ? outcome.tail : logged)
    }

    /// The lines of the server's log that say what went wrong, without their time stamps and process ids.
    static func problems(inLog url: URL) -> String {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        let interesting = text.split(separator: "\n").compactMap { line -> String? in
            // "2026-12-02 05:38:12.760 UTC [4270] FATAL:  could not map anonymous shared memory: ..."
            guard let level = line.range(of: #"(FATAL|PANIC|ERROR|LOG):  "#, options: .regularExpression) else {
                return nil
            }
            let message = String(line[level.lowerBound...]).replacingOccurrences(of: ":  ", with: ": ")
            let severe = !message.hasPrefix("LOG") || message.contains("invalid") || message.contains("parameter")
            return severe ? message : nil
        }
        var seen: Set<String> = []
        return interesting.filter { seen.insert($0).inserted }.prefix(3).joined(separator: "; ")
    }

    /// Runs SQL through psql on the server's socket and returns its unaligned output (fields split by commas).
    func query(_ sql: String, timeout: Double = 30) throws -> String {
        let outcome = try ChildProcess.run(
            installation.path("psql"),
            [
                "-X", "-A", "-t", "-q", "-F", ",", "-v", "ON_ERROR_STOP=1", "-h", trial.socketFolder.path, "-U",
                "postgres",
                "-d",
                "postgres", "-c", sql,
            ], timeout: timeout)
        guard outcome.succeeded else {
            throw PostgresError("psql failed on the trial server: \(outcome.tail)")
        }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server at once, if it runs, and waits until its processes are gone.
    func stop() {
        postmaster?.stopNow()
        postmaster = nil
        if let token = emergencyToken { EmergencyStop.remove(token) }
        emergencyToken = nil
    }

    /// Stops the server cleanly (a shutdown checkpoint), for a pristine cluster that later copies start from.
    func stopCleanly(timeout: Double) throws {
        let outcome = try ChildProcess.run(
            installation.path("pg_ctl"),
            ["-D", trial.data.path, "-m", "fast", "-w", "-t", String(Int(timeout)), "stop"],
            as: installation.serverUser, in: trial.url, timeout: timeout + 10)
        // pg_ctl waited for the shutdown; the server, satune's child since pg_ctl started it, is reaped here.
        if outcome.succeeded, postmaster?.waitUntilEnded(timeout: 10) != false { postmaster = nil } else { stop() }
        if let token = emergencyToken { EmergencyStop.remove(token) }
        emergencyToken = nil
        guard outcome.succeeded else { throw PostgresError("the server did not shut down cleanly: \(outcome.tail)") }
    }
}
