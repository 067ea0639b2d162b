import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import PostgresTarget

/// Real PostgreSQL 15 servers (Debian's postgresql-15, which `make test` installs): trials that run, fail to
/// start, time out or are interrupted, and leave nothing behind.
final class ServerTests: XCTestCase {
    /// One cluster store for the suite, in a folder the `postgres` user can reach; a small, short workload.
    static let root = reachableFolder("satune-pg-tests")

    override class func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func environment(
        _ script: PgbenchWorkload.Script = .builtIn("tpcb-like"), duration: Int = 1,
        configure: (inout PostgresEnvironment.Options) -> Void = { _ in }
    ) throws -> PostgresEnvironment {
        var workload = PgbenchWorkload(script: script)
        workload.scale = 1
        workload.clients = 2
        workload.threads = 1
        workload.duration = duration
        var options = PostgresEnvironment.Options()
        options.warmup = 0
        options.knobs = ["shared_buffers", "synchronous_commit", "max_wal_size"]
        configure(&options)
        return try PostgresEnvironment(workload: workload, options: options, storeRoot: Self.root)
    }

    /// Server processes whose command line names a folder of this suite's store.
    private func serversLeft() -> [String] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.compactMap { pid in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return nil }
            let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return command.contains(Self.root.path) && command.contains("postgres") ? command : nil
        }
    }

    /// Ended servers that were never reaped (satune adopts the servers pg_ctl starts, so it must reap them).
    private func zombies() -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return false }
            let fields = text[text.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] == "Z" && Int32(fields[1]) == getpid()
        }
    }

    /// Every file of the pristine clusters with its size and contents' hash.
    private func pristineDigest(_ env: PostgresEnvironment) throws -> [String: String] {
        var digest: [String: String] = [:]
        let files = FileManager.default.enumerator(at: try prepared(env).folder, includingPropertiesForKeys: nil)!
        for case let url as URL in files where !url.hasDirectoryPath {
            let data = try Data(contentsOf: url)
            digest[url.path] = "\(data.count) \(fnv1a(data))"
        }
        return digest
    }

    /// The environment's cluster store, once it is prepared.
    private func prepared(_ env: PostgresEnvironment) throws -> ClusterStore {
        try env.prepare()
        return try XCTUnwrap(env.store)
    }

    private func trialsLeft(_ env: PostgresEnvironment) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: (try? prepared(env))?.scratch.path ?? "")) ?? []
    }

    func testATrialMeasuresTheServerAndLeavesNothingBehind() throws {
        let env = try environment()
        let before = try pristineDigest(env)
        XCTAssertFalse(before.isEmpty)
        let defaults = try env.evaluate(env.defaultConfiguration, trial: 0)
        XCTAssertNil(defaults.failureReason)
        let tuned = try env.space.configuration(assigning: [("synchronous_commit", "off"), ("shared_buffers", "256MB")])
        let faster = try env.evaluate(tuned, trial: 1)
        XCTAssertNil(faster.failureReason)
        for m in [defaults, faster] {
            XCTAssertGreaterThan(m.throughput ?? 0, 10)
            XCTAssertEqual(m.objective, m.throughput)
            let p50 = try XCTUnwrap(m.latencyP50), p95 = try XCTUnwrap(m.latencyP95), p99 = try XCTUnwrap(m.latencyP99)
            XCTAssertTrue(0 < p50 && p50 <= p95 && p95 <= p99, "\(p50) \(p95) \(p99)")
            let metric = { (name: String) in m.metrics[env.metricNames.firstIndex(of: name)!] }
            XCTAssertGreaterThan(metric("xact_commit"), 10, "commits counted by pg_stat_database")
            XCTAssertGreaterThan(metric("wal_records"), 10, "WAL counted by pg_stat_wal")
            XCTAssertGreaterThan(metric("server_cpu_s"), 0, "the server's CPU time")
            XCTAssertGreaterThan(metric("server_write_bytes"), 0, "the server's processes wrote (WAL, data)")
            XCTAssertTrue(m.metrics.allSatisfy(\.isFinite))
        }
        let syncs = env.metricNames.firstIndex(of: "wal_sync")!
        XCTAssertLessThan(
            faster.metrics[syncs], defaults.metrics[syncs], "asynchronous commits flush the WAL less often")
        XCTAssertEqual(serversLeft(), [], "no server runs after a trial")
        XCTAssertEqual(zombies(), [], "every server that ended, the pristine build's among them, was reaped")
        XCTAssertEqual(trialsLeft(env), [], "no trial folder is left")
        XCTAssertEqual(try pristineDigest(env), before, "the pristine cluster is unchanged by trials")
    }

    func testAHopelessRunIsAbortedAQuarterInAndRecordedAsSuch() throws {
        let env = try environment(duration: 8) { $0.earlyAbort = true }
        // An incumbent no configuration reaches on this machine: every run is hopeless against it.
        env.observeIncumbent(TuningKit.Measurement(objective: 1e9, throughput: 1e9, latencyMean: 1e-6))
        let start = ContinuousClock.now
        let aborted = try env.evaluate(env.defaultConfiguration, trial: 1)
        let seconds = (ContinuousClock.now - start).seconds
        XCTAssertTrue(aborted.aborted, aborted.failureReason ?? "")
        XCTAssertNil(aborted.failureReason, "an aborted run is a measurement, not a failure")
        XCTAssertGreaterThan(aborted.throughput ?? 0, 10, "its figures so far")
        XCTAssertLessThan(seconds, 7, "stopped well before its 8 s")
        env.observeIncumbent(nil)
        XCTAssertFalse(try env.evaluate(env.defaultConfiguration, trial: 2).aborted, "no incumbent, no abort")
        XCTAssertEqual(serversLeft(), [], "no server runs after an aborted trial")
        XCTAssertEqual(trialsLeft(env), [], "no trial folder is left")
    }

    func testAServerThatCannotStartIsAFailedTrialWithTheServersReason() throws {
        let mode = try String(contentsOfFile: "/proc/sys/vm/overcommit_memory", encoding: .utf8)
        if mode.trimmingCharacters(in: .whitespacesAndNewlines) == "1" {
            throw XCTSkip(
                "this machine's kernel grants every allocation (vm.overcommit_memory 1), so no shared_buffers value "
                    + "keeps the server from starting; the test needs 0 or 2")
        }
        let env = try environment()
        guard case .integer(let range) = env.space["shared_buffers"]!.domain else { return XCTFail() }
        let impossible = try env.space.configuration(assigning: [("shared_buffers", String(range.upperBound))])
        let measurement = try env.evaluate(impossible, trial: 1)
        let reason = try XCTUnwrap(measurement.failureReason)
        XCTAssertTrue(
            reason.hasPrefix("the server did not start: FATAL: could not map anonymous shared memory"), reason)
        XCTAssertNil(measurement.objective)
        XCTAssertEqual(serversLeft(), [])
        XCTAssertEqual(trialsLeft(env), [])
        XCTAssertNil(try env.evaluate(env.defaultConfiguration, trial: 2).failureReason, "and the next trial runs")
    }

    func testARunPastItsTimeLimitFailsAndStopsEverything() throws {
        let env = try environment(duration: 30) { $0.timeout = 1 }
        let started = Date()
        let measurement = try env.evaluate(env.defaultConfiguration, trial: 0)
        XCTAssertEqual(measurement.failureReason, "pgbench ran longer than the time limit of 1 s (timeout)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(serversLeft(), [])
        XCTAssertEqual(trialsLeft(env), [])
    }

    func testAnInterruptedTrialStopsAtOnceAndLeavesNothingBehind() throws {
        nonisolated(unsafe) let env = try environment(duration: 30)
        nonisolated(unsafe) var measurement: TuningKit.Measurement?
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var thrown: Error?
        Thread.detachNewThread {
            do { measurement = try env.evaluate(env.defaultConfiguration, trial: 0) } catch { thrown = error }
            done.signal()
        }
        XCTAssertTrue(eventually(within: 60) { !self.serversLeft().isEmpty }, "the server runs while pgbench does")
        let interrupted = Date()
        env.interrupt()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertNil(thrown)
        // At once: well within the 30 s run (3 s on a quiet machine; 5 allows for a busy one).
        XCTAssertLessThan(Date().timeIntervalSince(interrupted), 5)
        XCTAssertEqual(measurement?.interrupted, true)
        XCTAssertEqual(serversLeft(), [])
        XCTAssertEqual(trialsLeft(env), [])
    }

    /// A scheduler's scancel sends SIGTERM to every process of the job at once: pgbench and the server end, and
    /// satune learns of the stop a moment later. That trial is interrupted (not recorded), not failed.
    func testAStopSignalToEveryProcessIsAnInterruptionNotAFailedTrial() throws {
        nonisolated(unsafe) let env = try environment(duration: 30)
        nonisolated(unsafe) var measurement: TuningKit.Measurement?
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var thrown: Error?
        Thread.detachNewThread {
            do { measurement = try env.evaluate(env.defaultConfiguration, trial: 0) } catch { thrown = error }
            done.signal()
        }
        let isPgbench = { (words: [String]) in
            words.first?.hasSuffix("pgbench") == true && words.contains { $0.hasPrefix(Self.root.path) }
        }
        var pgbench: [Int32] = []
        XCTAssertTrue(
            eventually(within: 30) {
                pgbench = self.processes(isPgbench)
                return !pgbench.isEmpty
            }, "pgbench runs")
        for pid in pgbench
            + processes({ $0.first?.hasSuffix("postgres") == true && $0.contains { $0.hasPrefix(Self.root.path) } })
        {
            kill(pid, SIGTERM)
        }
        // satune learns of the stop a moment later, as from a scheduler: once pgbench has gone.
        XCTAssertTrue(eventually(within: 10) { self.processes(isPgbench).isEmpty }, "pgbench ends on SIGTERM")
        env.interrupt()
        XCTAssertEqual(done.wait(timeout: .now() + 15), .success)
        XCTAssertNil(thrown)
        XCTAssertEqual(measurement?.interrupted, true, "\(measurement?.failureReason ?? "no measurement")")
        XCTAssertEqual(serversLeft(), [])
        XCTAssertEqual(zombies(), [])
    }

    /// The processes whose command line (its words) satisfies `matches`.
    private func processes(_ matches: ([String]) -> Bool) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { pid in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            return matches(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }

    func testTheServerListensOnNoTCPPort() throws {
        nonisolated(unsafe) let env = try environment(duration: 3)
        nonisolated(unsafe) var measurement: TuningKit.Measurement?
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var thrown: Error?
        Thread.detachNewThread {
            do { measurement = try env.evaluate(env.defaultConfiguration, trial: 0) } catch { thrown = error }
            done.signal()
        }
        XCTAssertTrue(eventually(within: 60) { !self.serversLeft().isEmpty }, "a server runs")
        XCTAssertEqual(try listeningSocketsOfServers(), 0, "no TCP socket of a server process is listening")
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        XCTAssertNil(thrown)
        let finished = try XCTUnwrap(measurement, "the trial was measured")
        XCTAssertNil(finished.failureReason)
    }

    /// TCP sockets in LISTEN state (/proc/net/tcp and tcp6) that belong to a process of this suite's servers.
    private func listeningSocketsOfServers() throws -> Int {
        var listening = Set<String>()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 9, fields[3] == "0A" { listening.insert(String(fields[9])) }  // 0A: LISTEN; inode
            }
        }
        var found = 0
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        for pid in pids {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
                String(decoding: data, as: UTF8.self).contains("postgres")
            else { continue }
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            for fd in fds {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? ""
                if target.hasPrefix("socket:["), listening.contains(String(target.dropFirst(8).dropLast())) {
                    found += 1
                }
            }
        }
        return found
    }

    func testACustomWorkloadBuildsFromItsSetupAndRunsItsScript() throws {
        let file = Self.root.appendingPathComponent("counter.sql")
        try """
        -- @setup
        CREATE TABLE counter (id int PRIMARY KEY, n bigint NOT NULL);
        INSERT INTO counter SELECT g, 0 FROM generate_series(1, 100) g;
        -- @run
        \\set id random(1, 100)
        UPDATE counter SET n = n + 1 WHERE id = :id;
        """.write(to: file, atomically: true, encoding: .utf8)
        let env = try environment(PgbenchWorkload.script(named: file.path))
        let measurement = try env.evaluate(env.defaultConfiguration, trial: 0)
        XCTAssertNil(measurement.failureReason)
        XCTAssertGreaterThan(measurement.throughput ?? 0, 10)

        let broken = Self.root.appendingPathComponent("broken.sql")
        try "-- @setup\nCREATE TABLE t (x int);\nINSERT INTO nosuch VALUES (1);\n-- @run\nSELECT 1;\n".write(
            to: broken, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try environment(PgbenchWorkload.script(named: broken.path)).prepare()) {
            XCTAssertTrue("\($0)".contains("\(broken.path):3: ERROR: relation \"nosuch\" does not exist"), "\($0)")
        }
        XCTAssertEqual(serversLeft(), [])
    }
}

/// A folder under /tmp that the `postgres` user can reach (the tests may run as root).
func reachableFolder(_ name: String) -> URL {
    let url = URL(fileURLWithPath: "/tmp/\(name)-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    chmod(url.path, 0o755)
    return url
}
