import TuningKit

/// The messages of the ask/tell protocol, version 1 (`docs/protocol.md`): one JSON object a line, satune to
/// agent on the agent's standard input, the agent's answers on its standard output.
public enum Message {
    /// The protocol's version, in `hello`.
    public static let version = 1

    /// satune's first message: the problem. The agent answers `ready`.
    public struct Hello: Encodable, Sendable {
        public var type = "hello"
        public var `protocol` = Message.version
        public let seed: UInt64
        /// Evaluations the agent will be asked for (after the default configuration's).
        public let budget: Int
        /// "minimize" or "maximize": how `value` in `tell` is to be read.
        public let direction: String
        /// The objective's name, e.g. "latency_p95", and its unit.
        public let objective: String
        public let unit: String
        public let knobs: [KnobDescription]
        /// The environment's internal metrics, which `tell` carries.
        public let metrics: [String]
    }

    /// One knob as `hello` describes it.
    public struct KnobDescription: Encodable, Sendable {
        public let name: String
        /// "integer", "real", "categorical" or "boolean".
        public let kind: String
        /// The range of a number (inclusive).
        public let lower: Double?
        public let upper: Double?
        /// True when the range is searched on a logarithmic scale (of the magnitude for a negative range).
        public let log: Bool
        /// The default value, typed as the knob is.
        public let `default`: JSONValue
        /// The unit of a number, e.g. "8kB", "ms" (absent when it has none).
        public let unit: String?
        /// The values of a categorical knob.
        public let choices: [String]?
        /// Values outside the range that mean something (e.g. -1 for "auto"), which a configuration may give.
        public let special: [JSONValue]?
    }

    /// A configuration measured: the default before the first ask, each asked configuration after its
    /// evaluation, and the recorded trials of a resumed run. The agent answers `ok`.
    public struct Tell: Encodable, Sendable {
        public var type = "tell"
        /// 0 for the default configuration, then 1, 2, ...
        public let step: Int
        public let knobs: [String: JSONValue]
        /// The objective in its own direction; nil when the evaluation failed.
        public let value: Double?
        /// The objective as a cost, lower is better (the value, negated when maximizing); nil when failed.
        public let cost: Double?
        public let failed: Bool
        public let failureReason: String?
        /// The environment's internal metrics (a value that is not a finite number is null).
        public let metrics: [String: Double?]

        enum CodingKeys: String, CodingKey {
            case type, step, knobs, value, cost, failed, failureReason = "failure_reason", metrics
        }

        /// Every key always, `null` where there is no value (a failed evaluation's value and cost).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(step, forKey: .step)
            try container.encode(knobs, forKey: .knobs)
            try container.encode(value, forKey: .value)
            try container.encode(cost, forKey: .cost)
            try container.encode(failed, forKey: .failed)
            try container.encode(failureReason, forKey: .failureReason)
            try container.encode(metrics, forKey: .metrics)
        }
    }

    /// A request for the next configuration. The agent answers `configuration`.
    public struct Ask: Encodable, Sendable {
        public var type = "ask"
    }

    /// The end: the agent exits with status 0.
    public struct Bye: Encodable, Sendable {
        public var type = "bye"
    }

    /// Any answer of the agent: `ready` (with `name`), `ok`, `configuration` (with `knobs`), or `error` (with
    /// `message`).
    public struct Answer: Decodable, Sendable {
        public let type: String
        public let name: String?
        public let knobs: [String: JSONValue]?
        public let message: String?
    }
}

extension KnobValue {
    /// The value as the protocol writes it: a number, a text or a boolean.
    var json: JSONValue {
        switch self {
        case .integer(let value): .integer(value)
        case .real(let value): .number(value)
        case .categorical(let value): .string(value)
        case .boolean(let value): .bool(value)
        }
    }
}

extension Message.KnobDescription {
    /// The description of `knob` in `hello`.
    init(_ knob: Knob) {
        switch knob.domain {
        case .integer(let range):
            (kind, lower, upper, choices) = ("integer", Double(range.lowerBound), Double(range.upperBound), nil)
        case .real(let range):
            (kind, lower, upper, choices) = ("real", range.lowerBound, range.upperBound, nil)
        case .categorical(let values):
            (kind, lower, upper, choices) = ("categorical", nil, nil, values)
        case .boolean:
            (kind, lower, upper, choices) = ("boolean", nil, nil, nil)
        }
        name = knob.name
        log = knob.logScale
        `default` = knob.defaultValue.json
        unit = knob.unit.isEmpty ? nil : knob.unit
        special = knob.specialValues.isEmpty ? nil : knob.specialValues.map(\.value.json)
    }
}
