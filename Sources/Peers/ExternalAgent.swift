import Foundation
import TuningKit

/// An agent that is another process, spoken to through the ask/tell protocol (`docs/protocol.md`): the
/// field's tuners (SMAC3, Optuna, LlamaTune, through the adapters in `peers/`) or a user's own, in any
/// language. satune writes one JSON object a line to its standard input and reads one a line from its
/// standard output; its standard error goes to a log file in the run's folder.
///
/// Any breach of the protocol (an answer that is not JSON, of the wrong type, a missing or unknown knob, a
/// value out of range or of the wrong kind, no answer within `timeout`, an agent that exits or says `error`)
/// ends the run with a `Problem` naming the agent, what went wrong and the last lines of its standard error;
/// the process is gone by then. A resumed run tells the agent its recorded trials (`replaysFromSeed` is
/// false), so it continues from its records; it is not byte-identical to an uninterrupted run.
public final class ExternalAgent: Agent {
    /// A breach of the protocol, in words.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public let label: String
    private let task: TuningTask
    private let timeout: Double
    private let process: AgentProcess
    private var failed = false
    /// The name the agent gave in `ready`.
    public private(set) var name = ""

    /// Starts the agent (`command`, no shell), says `hello` and waits for `ready`.
    public init(label: String, command: [String], task: TuningTask, seed: UInt64, timeout: Double, log: URL?) throws {
        self.label = label
        self.task = task
        self.timeout = timeout
        do {
            process = try AgentProcess(command: command, log: log)
        } catch {
            throw Problem(description: "agent \(label): \(error)")
        }
        let hello = Message.Hello(
            seed: seed, budget: task.budget, direction: task.objective.direction.rawValue,
            objective: task.objective.name, unit: task.objective.unit,
            knobs: task.space.knobs.map(Message.KnobDescription.init), metrics: task.metricNames)
        let answer = try exchange(hello, expecting: "ready")
        name = answer.name ?? label
    }

    deinit {
        if !failed, (try? send(Message.Bye())) != nil {
            process.stop(grace: 5)
        } else {
            process.stop(grace: 0)
        }
    }

    public var replaysFromSeed: Bool { false }

    /// Seconds spent waiting for the agent's answers so far: the agent's own time (and the pipes').
    public var waitedSeconds: Double { Double(process.waitedNanoseconds) * 1e-9 }

    public func ask() throws -> Configuration {
        let answer = try exchange(Message.Ask(), expecting: "configuration")
        guard let knobs = answer.knobs else { throw problem("a configuration without \"knobs\"") }
        return try configuration(knobs)
    }

    public func tell(_ observation: Observation) throws {
        let m = observation.measurement
        var metrics: [String: Double?] = [:]
        for (name, value) in zip(task.metricNames, m.metrics) { metrics[name] = value.isFinite ? value : nil }
        let knobs = Dictionary(
            uniqueKeysWithValues: zip(task.space.knobs, observation.configuration.values).map { ($0.name, $1.json) })
        _ = try exchange(
            Message.Tell(
                step: observation.step, knobs: knobs, value: m.failed ? nil : m.objective, cost: observation.cost,
                failed: m.failed, failureReason: m.failureReason, metrics: metrics),
            expecting: "ok")
    }

    // MARK: The exchange

    /// Sends `message` and reads the answer, which must be of type `expected`.
    private func exchange<M: Encodable>(_ message: M, expecting expected: String) throws -> Message.Answer {
        do {
            try send(message)
            let line = try process.receive(timeout: timeout)
            guard let answer = try? JSONDecoder().decode(Message.Answer.self, from: line) else {
                let text = String(decoding: line.prefix(200), as: UTF8.self)
                throw problem("an answer that is not a JSON object with a \"type\": \(text)")
            }
            if answer.type == "error" { throw problem("it reported an error: \(answer.message ?? "(no message)")") }
            guard answer.type == expected else {
                throw problem("answered \"\(answer.type)\" where \"\(expected)\" was expected")
            }
            return answer
        } catch let failure as AgentProcess.Failure {
            throw problem("\(failure)")
        }
    }

    private func send<M: Encodable>(_ message: M) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try process.send(try encoder.encode(message))
    }

    /// A problem in words, with the end of the agent's standard error; the process is stopped at once.
    private func problem(_ what: String) -> Problem {
        failed = true
        process.stop(grace: 0)
        let tail = process.errorTail()
        return Problem(
            description: "agent \(label): \(what)" + (tail.isEmpty ? "" : "; its standard error ends: \(tail)"))
    }

    /// The configuration of an answer's `knobs`: every knob of the space, typed as `hello` said.
    private func configuration(_ knobs: [String: JSONValue]) throws -> Configuration {
        if let unknown = knobs.keys.sorted().first(where: { task.space[$0] == nil }) {
            throw problem("an unknown knob \(Echo.shortened(unknown)) in its configuration")
        }
        var values: [KnobValue] = []
        for knob in task.space.knobs {
            guard let given = knobs[knob.name] else { throw problem("its configuration has no value of \(knob.name)") }
            let value: KnobValue?
            switch (knob.domain, given) {
            case (.integer, .integer(let n)): value = .integer(n)
            case (.integer, .number(let x)) where x == x.rounded() && abs(x) < 1e18: value = .integer(Int(x))
            case (.real, _): value = given.number.map(KnobValue.real)
            case (.categorical, .string(let text)): value = .categorical(text)
            case (.boolean, .bool(let flag)): value = .boolean(flag)
            default: value = nil
            }
            guard let value else {
                throw problem("\(knob.name) is \(given.kindInWords), not \(knob.typeName) as hello said")
            }
            do { try knob.validate(value) } catch { throw problem("\(knob.name): \(error.message)") }
            values.append(value)
        }
        return Configuration(values)
    }
}
