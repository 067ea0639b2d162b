import ArgumentParser
import Results

/// `--shard i/n`, or `--shard auto`: the shard a scheduler's job array task runs (`SchedulerShard`).
enum ShardOption: Equatable {
    case fixed(RunInfo.Shard)
    case auto

    static func parse(_ argument: String) throws -> ShardOption {
        if argument == "auto" { return .auto }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard \(argument): expected i/n with 1 <= i <= n, e.g. --shard 2/4, or auto")
        }
        return .fixed(RunInfo.Shard(index: i, count: n))
    }
}
