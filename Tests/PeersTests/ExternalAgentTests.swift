import Foundation
import Simulator
import TestSupport
import TuningKit
import XCTest

@testable import Peers

/// The ask/tell protocol with fake agents of a few lines of Python: a well-behaved one tunes, and every
/// breach of the protocol ends with a message naming the agent and what went wrong, and no process left.
final class ExternalAgentTests: XCTestCase {
    /// A fake agent: answers hello and tell as it should, and `ask` with `answer` (Python, given the message
    /// `m` and the knobs `knobs` of hello).
    private func agent(_ scratch: Scratch, ask answer: String) throws -> [String] {
        let script = try scratch.write(
            "agent-\(UUID().uuidString).py",
            """
            import json, sys, time
            def send(o): sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
            knobs = []
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    knobs = m["knobs"]; send({"type": "ready", "name": "fake"})
                elif m["type"] == "tell": send({"type": "ok"})
                elif m["type"] == "ask":
                    \(answer)
                elif m["type"] == "bye": sys.exit(0)
            """)
        return ["python3", script]
    }

    /// Every knob at its default, as hello typed it.
    private let defaults = #"send({"type": "configuration", "knobs": {k["name"]: k["default"] for k in knobs}})"#

    private func task(_ env: any Environment, log: URL? = nil) -> TuningTask {
        TuningTask(space: env.space, objective: env.objective, metricNames: env.metricNames, budget: 5, log: log)
    }

    /// The processes whose command line mentions `script`.
    private func running(_ command: [String]) -> Bool {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.contains { pid in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            return String(decoding: data, as: UTF8.self).contains(command[1])
        }
    }

    func testAWellBehavedAgentTunesAndExitsWhenTheRunEnds() throws {
        let scratch = Scratch()
        let env = DatabaseSimulator(workload: .named("oltp-write")!, hardware: .named("medium")!, knobCount: 8, seed: 1)
        let command = try agent(scratch, ask: defaults)
        var loop = TuningLoop(
            environment: env,
            agent: try ExternalAgent(
                label: "fake", command: command, task: task(env, log: scratch.url.appendingPathComponent("fake.log")),
                seed: 3, timeout: 20, log: scratch.url.appendingPathComponent("fake.log")))
        for _ in 0...5 { XCTAssertFalse(try loop.next().measurement.failed) }
        XCTAssertTrue(running(command))
        loop = TuningLoop(environment: env, agent: Uniform(space: env.space))
        XCTAssertTrue(eventually(within: 10) { !self.running(command) }, "the agent exits after bye")
    }

    func testEveryBreachOfTheProtocolNamesTheAgentAndLeavesNoProcess() throws {
        let scratch = Scratch()
        let env = BenchmarkFunction(.branin, dimensions: 2)
        let cases: [(answer: String, says: String)] = [
            (#"print("this is not json", flush=True)"#, "an answer that is not a JSON object"),
            (#"send({"type": "ok"})"#, #"answered "ok" where "configuration" was expected"#),
            (#"send({"type": "configuration", "knobs": {"x1": 1.0}})"#, "has no value of x2"),
            (#"send({"type": "configuration", "knobs": {"x1": 1.0, "x2": 1.0, "x9": 2}})"#, "an unknown knob x9"),
            (#"send({"type": "configuration", "knobs": {"x1": 99.0, "x2": 1.0}})"#, "x1: 99.0 is outside the range"),
            (
                #"send({"type": "configuration", "knobs": {"x1": "lots", "x2": 1.0}})"#,
                #"x1 is the text "lots", not a real number"#
            ),
            ("time.sleep(30)", "no answer within its timeout"),
            ("sys.exit(3)", "it exited with status 3"),
            (#"send({"type": "error", "message": "out of ideas"})"#, "it reported an error: out of ideas"),
            (
                #"sys.stderr.write("a traceback\n"); sys.stderr.flush(); sys.exit(1)"#,
                "its standard error ends: a traceback"
            ),
        ]
        for (answer, says) in cases {
            let command = try agent(scratch, ask: answer)
            let log = scratch.url.appendingPathComponent(UUID().uuidString + ".log")
            let started = Date()
            do {
                let external = try ExternalAgent(
                    label: "fake-agent", command: command, task: task(env), seed: 1, timeout: 1, log: log)
                _ = try external.ask()
                XCTFail("\(says): the ask was answered")
            } catch {
                XCTAssertTrue("\(error)".hasPrefix("agent fake-agent: "), "\(error)")
                XCTAssertTrue("\(error)".contains(says), "expected \(says): \(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, says)
            XCTAssertTrue(eventually(within: 5) { !self.running(command) }, "\(says): the process is gone")
        }
    }

    /// An agent of this process, to replace the external one in a loop (which ends it).
    private final class Uniform: Agent {
        let space: KnobSpace
        init(space: KnobSpace) { self.space = space }
        func ask() throws -> Configuration { space.defaultConfiguration }
        func tell(_ observation: Observation) throws {}
    }

    func testAProgramThatCannotStartIsSaidPlainly() {
        let env = BenchmarkFunction(.branin, dimensions: 2)
        XCTAssertThrowsError(
            try ExternalAgent(
                label: "nowhere", command: ["/nonexistent/agent"], task: task(env), seed: 1, timeout: 1, log: nil)
        ) { error in
            XCTAssertEqual("\(error)", "agent nowhere: cannot start /nonexistent/agent: no such file or directory")
        }
    }
}
