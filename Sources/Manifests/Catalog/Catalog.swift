import Results
import TuningKit
import Yams

/// An environment type that manifests can name: how to read its parameters and build it.
public protocol EnvironmentSpec: Sendable {
    /// The manifest `type`, e.g. "simulator".
    static var typeName: String { get }
    /// One line for `satune list`.
    static var summary: String { get }
    /// The keys this type accepts, with their defaults, for `satune list`.
    static var parameterHelp: [String] { get }
    /// Reads the parameters of one manifest entry; problems are recorded in the reader.
    init(_ parameters: inout ParameterReader)
    /// The name of the entry in results when the manifest gives none, e.g. "simulator" or "rosenbrock-8d".
    var defaultLabel: String { get }
    /// A fresh environment for one run; its noise comes from `seed`.
    func make(seed: UInt64) throws -> any Environment
    /// The full knob space of the type where it is known without building an environment (which for a
    /// real database needs a workload), for `satune list knobs`.
    static var knobSpace: KnobSpace? { get }
    /// True for a real system whose timings concurrent work would distort: its cells run one at a time,
    /// whatever `--jobs` says.
    static var timingSensitive: Bool { get }
}

extension EnvironmentSpec {
    public static var knobSpace: KnobSpace? { nil }
    public static var timingSensitive: Bool { false }
}

/// An agent type that manifests can name: how to read its parameters and build it.
public protocol AgentSpec: Sendable {
    static var typeName: String { get }
    static var summary: String { get }
    static var parameterHelp: [String] { get }
    init(_ parameters: inout ParameterReader)
    var defaultLabel: String { get }
    /// A fresh agent for one run of `task`; all its randomness comes from `seed`.
    func make(task: TuningTask, seed: UInt64) throws -> any Agent
    /// The same, for the agent labelled `label` in the manifest (an agent in another process names itself so
    /// in its errors).
    func make(task: TuningTask, seed: UInt64, label: String) throws -> any Agent
    /// Why this agent cannot tune knobs `space` for `objective`, known before any run (e.g. its
    /// `transfer_from` holds no trials of these knobs); nil when it can.
    func problem(tuning space: KnobSpace, objective: Objective) -> String?
}

extension AgentSpec {
    public func problem(tuning space: KnobSpace, objective: Objective) -> String? { nil }
    public func make(task: TuningTask, seed: UInt64, label: String) throws -> any Agent {
        try make(task: task, seed: seed)
    }
}

/// Every environment and agent type a manifest can name.
public enum Catalog {
    public static let environmentTypes: [any EnvironmentSpec.Type] = [
        SimulatorSpec.self, SQLiteSpec.self, PostgresSpec.self, SurrogateSpec.self, MeasuredSpec.self,
        BenchmarkFunctionSpec<BraninKind>.self,
        BenchmarkFunctionSpec<Hartmann6Kind>.self,
        BenchmarkFunctionSpec<RosenbrockKind>.self, BenchmarkFunctionSpec<AckleyKind>.self,
        BenchmarkFunctionSpec<LevyKind>.self,
    ]
    public static let agentTypes: [any AgentSpec.Type] = [
        RandomSearchSpec.self, DDPGSpec.self, SampleAwareDDPGSpec.self, BayesianSpec.self, ExternalSpec.self,
        SMACSpec.self, OptunaTPESpec.self, LlamaTuneSpec.self,
    ]

    static func environmentType(named name: String) -> (any EnvironmentSpec.Type)? {
        environmentTypes.first { $0.typeName == name }
    }
}

extension Catalog {
    /// An environment of a type built from `key: value` parameters (as in a manifest entry), e.g. for
    /// `satune try` and `satune list knobs`; problems are reported as a `ManifestError`.
    public static func environment(type name: String, parameters: [String: String] = [:], seed: UInt64 = 0) throws
        -> any Environment
    {
        guard let type = environmentType(named: name) else {
            throw ManifestError(
                file: "",
                issues: [
                    ManifestIssue(
                        path: "",
                        "unknown environment type \"\(name)\"; known: "
                            + "\(environmentTypes.map { $0.typeName }.joined(separator: ", "))"
                    )
                ])
        }
        let mapping = Node.Mapping(parameters.sorted { $0.key < $1.key }.map { (Node($0.key), Node($0.value)) })
        return try make(type, mapping, seed: seed)
    }

    /// The knobs of an environment type: its declared space, or the space of one built with default parameters.
    public static func knobs(type name: String) throws -> KnobSpace {
        if let space = environmentType(named: name)?.knobSpace { return space }
        return try environment(type: name).space
    }

    private static func make<Spec: EnvironmentSpec>(_ type: Spec.Type, _ mapping: Node.Mapping, seed: UInt64) throws
        -> any Environment
    {
        var reader = ParameterReader(.mapping(mapping), path: Spec.typeName)
        let spec = Spec(&reader)
        let issues = reader.finish()
        guard issues.isEmpty else { throw ManifestError(file: "", issues: issues) }
        return try spec.make(seed: seed)
    }
}
