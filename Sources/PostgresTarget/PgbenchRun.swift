import Foundation
import TuningKit

/// One pgbench run against a trial's server, and what it measured: pgbench's throughput, the latency of
/// every transaction from its per-transaction log (`-l`), and the difference of the server's counters
/// over the run.
struct PgbenchRun {
    /// Transactions per second, as pgbench reports it (without the time to connect).
    var throughput = 0.0
    var transactions = 0
    /// Transactions that failed (serialization or deadlock errors, which pgbench counts rather than aborts on).
    var failedTransactions = 0
    /// Latencies of the transactions in milliseconds, sorted.
    var latencies: [Double] = []
    var wallSeconds = 0.0
    /// Differences of the counters over the run, `ServerCounters.statisticNames` first.
    var statistics: [Double] = []
    var serverCPU = 0.0, pgbenchCPU = 0.0, serverRead = 0.0, serverWrite = 0.0, diskRead = 0.0, diskWrite = 0.0
    /// Share of the cores other processes used during the run (see `MachineLoad.otherLoad`).
    var otherLoad = 0.0
    /// Stopped early by a `PgbenchAbort` rule: the throughput is then the mean of pgbench's progress reports,
    /// the latencies those its per-transaction logs held when it stopped.
    var aborted = false
    /// The mean latency of the progress reports (milliseconds), for an aborted run whose logs hold nothing.
    var progressLatencyMs: Double?

    /// Runs pgbench with `arguments` (the script and the load) on `server`; a timed run (`measured`) logs every
    /// transaction and reads the counters around it; with `abort`, it reports its progress every second and
    /// is stopped once the rule finds it hopeless; `cpus` keeps pgbench on those cores. Returns the run, or
    /// why it failed.
    static func run(
        _ arguments: [String], on server: PostgresServer, measured: Bool, timeout: Double, interruption: Interruption,
        abort: PgbenchAbort? = nil, cpus: String? = nil
    ) throws -> Result<PgbenchRun, PgbenchFailure> {
        let trial = server.trial
        var run = PgbenchRun()
        var before = ServerCounters()
        if measured {
            try before.readStatistics(from: server)
            before.readProcesses(server: server.postmaster, data: trial.data)
        }
        let logging = measured ? ["-l", "--log-prefix", trial.transactionLogPrefix.path] : []
        var progress = PgbenchProgress()
        let watch = abort.map { rule in
            { (text: String) -> Bool in
                progress.read(text)
                return rule.hopeless(progress)
            }
        }
        let started = Date()
        let outcome = try ChildProcess.run(
            server.installation.path("pgbench"),
            ["-h", trial.socketFolder.path, "-U", "postgres"] + logging + (abort == nil ? [] : ["-P", "1"]) + arguments
                + ["postgres"], in: trial.url,
            timeout: timeout, interruption: interruption, watch: watch, cpus: cpus)
        run.wallSeconds = Date().timeIntervalSince(started)
        let machineBusyAtEnd = MachineLoad.busySeconds()
        if outcome.interrupted { return .failure(PgbenchFailure(Measurement.interruptedReason)) }
        if outcome.timedOut {
            return .failure(PgbenchFailure("pgbench ran longer than the time limit of \(Int(timeout)) s (timeout)"))
        }
        if outcome.stoppedByWatch {
            run.aborted = true
            run.throughput = progress.meanThroughput ?? 0
            run.transactions = Int(progress.throughput.reduce(0, +))
            run.progressLatencyMs = progress.meanLatency
        } else {
            guard outcome.succeeded else {
                return .failure(PgbenchFailure(Self.failureText(outcome.errorOutput, outcome.tail, trial.serverLog)))
            }
            run.throughput = Self.number(after: "tps = ", in: outcome.output) ?? 0
            run.transactions = Int(
                Self.number(after: "number of transactions actually processed: ", in: outcome.output) ?? 0)
            run.failedTransactions = Int(
                Self.number(after: "number of failed transactions: ", in: outcome.output) ?? 0)
        }
        guard measured else { return .success(run) }

        run.latencies = try Self.readTransactionLogs(prefix: trial.transactionLogPrefix)
        try server.waitForClientsToLeave()
        var after = ServerCounters()
        after.readProcesses(server: server.postmaster, data: trial.data)
        try after.readStatistics(from: server)
        run.statistics = zip(after.statistics, before.statistics).map { $0 - $1 }
        run.serverCPU = (after.serverUser + after.serverSystem) - (before.serverUser + before.serverSystem)
        run.pgbenchCPU = after.children - before.children
        run.serverRead = after.serverRead - before.serverRead
        run.serverWrite = after.serverWrite - before.serverWrite
        run.diskRead = after.diskRead - before.diskRead
        run.diskWrite = after.diskWrite - before.diskWrite
        run.otherLoad = MachineLoad.otherLoad(
            machineBusySeconds: machineBusyAtEnd - before.machineBusy,
            measuredSeconds: run.serverCPU + run.pgbenchCPU + (after.own - before.own), wallSeconds: run.wallSeconds)
        return .success(run)
    }

    /// Why pgbench failed, once: the first aborted command ("client 0 script 0 aborted in command 1 query 0:
    /// ERROR: ..."; every client reports its own, and the server logs the same error), or else the last lines
    /// pgbench wrote and the server's problems.
    static func failureText(_ errors: String, _ tail: String, _ serverLog: URL) -> String {
        if let aborted = errors.split(separator: "\n").first(where: { $0.contains("aborted in command") }) {
            let text = aborted.replacingOccurrences(of: "pgbench: error: ", with: "")
                .replacingOccurrences(of: ":  ", with: ": ")
            return "pgbench failed: \(text)"
        }
        let server = PostgresServer.problems(inLog: serverLog)
        return "pgbench failed: \(tail)" + (server.isEmpty ? "" : "; server: \(server)")
    }

    /// The number after `label` on a line of pgbench's report.
    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    /// Latencies in milliseconds from pgbench's per-transaction logs (`client transaction latency_us script
    /// epoch epoch_us ...` per line; a failed transaction's latency is a word, and is skipped); the log files
    /// are removed, so that the next run starts without them.
    static func readTransactionLogs(prefix: URL) throws -> [Double] {
        let folder = prefix.deletingLastPathComponent()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.hasPrefix(prefix.lastPathComponent + ".")
        }
        var latencies: [Double] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PostgresError("cannot read pgbench's log \(url.path)")
            }
            data.withUnsafeBytes { bytes in
                for line in bytes.split(separator: UInt8(ascii: "\n")) {
                    let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 3)
                    if fields.count >= 3, let micros = Double(String(decoding: fields[2], as: UTF8.self)) {
                        latencies.append(micros / 1000)
                    }
                }
            }
            unlink(url.path)
        }
        return latencies.sorted()
    }
}

/// Why a pgbench run did not measure anything.
struct PgbenchFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

extension PostgresServer {
    /// Waits (at most two seconds) until pgbench's sessions have ended, so that their statistics are counted.
    func waitForClientsToLeave() throws {
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            let others = try query(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            if others == "0" { return }
            usleep(20_000)
        }
    }
}
