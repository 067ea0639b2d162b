import ArgumentParser
import Experiments

/// `--shard i/n`.
enum ShardOption {
    static func parse(_ argument: String) throws -> RunInfo.Shard {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard \(argument): expected i/n with 1 <= i <= n, e.g. --shard 2/4")
        }
        return RunInfo.Shard(index: i, count: n)
    }
}
