/// Which shard each cell of a campaign belongs to (`satune run --shard i/n`, a scheduler's job array).
///
/// Cells are dealt round-robin in canonical order, so that each shard gets a similar mix of environments,
/// agents and seeds. A campaign with runs on a real database and more shards than such runs gives each of
/// them a shard of its own (shards 1...k, in canonical order), so that on a cluster they run at once on
/// different machines, each alone on its own, while the other runs are dealt over the remaining shards.
public enum ShardPlan {
    /// The shard (1...count) of every cell; `timingSensitive` flags the cells that run on a real database.
    public static func shards(timingSensitive: [Bool], count: Int) -> [Int] {
        let real = timingSensitive.indices.filter { timingSensitive[$0] }
        guard !real.isEmpty, count > real.count else { return timingSensitive.indices.map { $0 % count + 1 } }
        var shards = [Int](repeating: 0, count: timingSensitive.count)
        for (position, cell) in real.enumerated() { shards[cell] = position + 1 }
        let others = count - real.count
        for (position, cell) in timingSensitive.indices.filter({ !timingSensitive[$0] }).enumerated() {
            shards[cell] = real.count + position % others + 1
        }
        return shards
    }
}
