import Manifests
import Results
import TuningKit

/// The cells of a manifest, each an (environment, agent, seed) run, in canonical order: environments,
/// then agents (those that run on the environment), then seeds, as the manifest lists them. Results files
/// list runs in this order, and shards divide it as `ShardPlan` says.
public struct Campaign: Sendable {
    /// One run to do.
    public struct Cell: Sendable {
        /// Position in canonical order.
        public let index: Int
        public let environment: Manifest.Entry<any EnvironmentSpec>
        public let agent: Manifest.Entry<any AgentSpec>
        public let seed: UInt64
        public var key: CellKey { CellKey(environment: environment.label, agent: agent.label, seed: seed) }
        /// A real system: the cell runs alone, whatever `--jobs` says.
        public var timingSensitive: Bool { type(of: environment.spec).timingSensitive }
    }

    public let manifest: Manifest
    public let cells: [Cell]

    public init(_ manifest: Manifest) {
        self.manifest = manifest
        var cells: [Cell] = []
        for environment in manifest.environments {
            for agent in manifest.agents where agent.runs(on: environment.label) {
                for seed in manifest.seeds {
                    cells.append(Cell(index: cells.count, environment: environment, agent: agent, seed: seed))
                }
            }
        }
        self.cells = cells
    }

    /// The cells of one shard, or all of them.
    public func cells(in shard: RunInfo.Shard?) -> [Cell] {
        guard let shard else { return cells }
        let shards = ShardPlan.shards(timingSensitive: cells.map(\.timingSensitive), count: shard.count)
        return cells.filter { shards[$0.index] == shard.index }
    }

    /// The order in which `cells` run: seed by seed (every environment's and agent's run of the manifest's
    /// first seed before any of its second), then in manifest order. A campaign stopped part-way then holds
    /// whole seeds, comparable across agents, and on a real database the runs that a paired test compares
    /// (the same seed) were measured close in time, where a drift of the machine reaches them alike.
    public func runOrder(_ cells: [Cell]) -> [Cell] {
        let position = Dictionary(manifest.seeds.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        return cells.sorted { (position[$0.seed] ?? 0, $0.index) < (position[$1.seed] ?? 0, $1.index) }
    }

    /// The cells that run on a real database.
    public var timingSensitiveCells: Int { cells.filter(\.timingSensitive).count }
}
