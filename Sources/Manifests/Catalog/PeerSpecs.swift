import Foundation
import Peers
import TuningKit

/// Manifest type `external`: a user's own agent, any program that speaks the ask/tell protocol.
struct ExternalSpec: AgentSpec {
    static let typeName = "external"
    static let summary =
        "an agent in another process, in any language, through the ask/tell protocol (docs/protocol.md)"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var command: [String] = []
        var timeout = 60.0
    }

    static var parameters: [Parameter<Settings>] {
        [
            .custom(
                "command", "the program and its arguments, run without a shell",
                values: "a list of words, e.g. [python3, my_agent.py, --flag] (required)"
            ) { reader, settings in
                guard let node = reader.node("command") else {
                    reader.report(nil, "missing required key 'command' (the agent's program and its arguments)")
                    return
                }
                let words = node.sequence?.compactMap { $0.scalar != nil ? $0.string : nil } ?? []
                guard !words.isEmpty, words.count == node.sequence?.count, words.allSatisfy({ !$0.isEmpty }) else {
                    reader.report("command", "expected a non-empty list of words, got \(ParameterReader.show(node))")
                    return
                }
                settings.command = words
                reader.resolve("command", words.joined(separator: " "))
            },
            .real("timeout", \.timeout, in: 0.01...86_400, "seconds the agent may take to answer a message"),
        ]
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        self.settings = settings
    }

    var defaultLabel: String { Self.typeName }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        try make(task: task, seed: seed, label: Self.typeName)
    }

    func make(task: TuningTask, seed: UInt64, label: String) throws -> any Agent {
        try ExternalAgent(
            label: label, command: settings.command, task: task, seed: seed, timeout: settings.timeout, log: task.log)
    }
}

/// A shipped adapter: one of the field's tuners, run by `peers/<script>` in the Python environment `make peers`
/// makes, through the same protocol as a user's agent.
protocol PeerSpec: AgentSpec {
    associatedtype Settings
    static var script: String { get }
    static var parameters: [Parameter<Settings>] { get }
    var settings: Settings { get }
    /// The adapter's command-line flags for `settings`.
    var arguments: [String] { get }
    var timeout: Double { get }
}

extension PeerSpec {
    var defaultLabel: String { Self.typeName }

    /// A missing Python environment is a problem of the manifest (with the command to run), found by validate.
    static func checkInstalled(_ parameters: inout ParameterReader) {
        if let problem = PeerAdapters.problem { parameters.report(nil, "\(typeName): \(problem)") }
    }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        try make(task: task, seed: seed, label: Self.typeName)
    }

    func make(task: TuningTask, seed: UInt64, label: String) throws -> any Agent {
        try ExternalAgent(
            label: label, command: try PeerAdapters.command(Self.script, arguments), task: task, seed: seed,
            timeout: timeout, log: task.log)
    }
}

/// Manifest type `smac`: SMAC3's random-forest Bayesian optimization (its hyperparameter-optimization facade).
struct SMACSpec: PeerSpec {
    static let typeName = "smac"
    static let summary =
        "SMAC3 2.x, random-forest Bayesian optimization (the HPO facade; first in the VLDB'22 evaluation of tuners)"
    static let script = "smac_agent.py"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var initialPoints = 0
        var timeout = 600.0
    }

    static var parameters: [Parameter<Settings>] {
        [
            .integer(
                "initial_points", \.initialPoints, in: 0...10_000,
                "Sobol points before the forest's (0: SMAC's own rule, 10 per knob up to a quarter of the budget)"),
            .real("timeout", \.timeout, in: 1...86_400, "seconds SMAC may take to answer a message"),
        ]
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        Self.checkInstalled(&parameters)
        self.settings = settings
    }

    var arguments: [String] { settings.initialPoints > 0 ? ["--initial-points", String(settings.initialPoints)] : [] }
    var timeout: Double { settings.timeout }
}

/// Manifest type `optuna-tpe`: Optuna's tree-structured Parzen estimator.
struct OptunaTPESpec: PeerSpec {
    static let typeName = "optuna-tpe"
    static let summary = "Optuna 5's TPE sampler, the tree-structured Parzen estimator (Optuna's default)"
    static let script = "optuna_agent.py"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var startupTrials = 10
        var multivariate = false
        var timeout = 600.0
    }

    static var parameters: [Parameter<Settings>] {
        [
            .integer("startup_trials", \.startupTrials, in: 0...10_000, "random trials before TPE's model"),
            .boolean("multivariate", \.multivariate, "TPE's multivariate density over the knobs together"),
            .real("timeout", \.timeout, in: 1...86_400, "seconds Optuna may take to answer a message"),
        ]
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        Self.checkInstalled(&parameters)
        self.settings = settings
    }

    var arguments: [String] {
        ["--startup-trials", String(settings.startupTrials)] + (settings.multivariate ? ["--multivariate"] : [])
    }
    var timeout: Double { settings.timeout }
}

/// Manifest type `llamatune`: SMAC3 in a random low-dimensional projection, with special-value biasing and
/// bucketized ranges (LlamaTune, VLDB'22).
struct LlamaTuneSpec: PeerSpec {
    static let typeName = "llamatune"
    static let summary =
        "LlamaTune (VLDB'22): SMAC3 in a HeSBO projection, special values biased, ranges bucketized"
    static let script = "llamatune_agent.py"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var dimensions = 16
        var specialBias = 0.2
        var buckets = 10_000
        var initialPoints = 0
        var timeout = 600.0
    }

    static var parameters: [Parameter<Settings>] {
        [
            .integer("dimensions", \.dimensions, in: 1...1000, "dimensions of the projected space (at most the knobs)"),
            .real("special_bias", \.specialBias, in: 0...0.9, "share of a knob's range given to its special values"),
            .integer(
                "buckets", \.buckets, in: 0...1_000_000_000, "distinct values a numeric knob may take (0: no limit)"),
            .integer(
                "initial_points", \.initialPoints, in: 0...10_000, "Sobol points before the forest's (0: SMAC's rule)"),
            .real("timeout", \.timeout, in: 1...86_400, "seconds LlamaTune may take to answer a message"),
        ]
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        Self.checkInstalled(&parameters)
        self.settings = settings
    }

    var arguments: [String] {
        [
            "--dimensions", String(settings.dimensions), "--special-bias", String(settings.specialBias), "--buckets",
            String(settings.buckets),
        ] + (settings.initialPoints > 0 ? ["--initial-points", String(settings.initialPoints)] : [])
    }
    var timeout: Double { settings.timeout }
}
