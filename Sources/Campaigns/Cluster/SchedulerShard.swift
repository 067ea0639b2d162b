import Results

/// The shard a task of a scheduler's job array runs (`satune run --shard auto`), read from the variables the
/// scheduler sets.
///
/// - Slurm: `SLURM_ARRAY_TASK_ID`. Without `shards`, the array as a whole is the campaign: shard
///   `id - SLURM_ARRAY_TASK_MIN + 1` of `SLURM_ARRAY_TASK_COUNT` (or `MAX - MIN + 1`). With `shards` (as the
///   scripts `satune slurm` writes pass it), task ids count shards from 0, so that a task re-submitted alone
///   (`sbatch --array=4 array.sbatch`) still runs shard 5 of the same count.
/// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (from 0) with `shards`, the job's completions.
public enum SchedulerShard {
    /// Why no shard can be read, in words.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ environment: [String: String], shards: Int?) throws -> RunInfo.Shard {
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Int(text), value >= 0 else {
                throw Problem(description: "--shard auto: \(name) is \"\(text)\", not a task number")
            }
            return value
        }
        if let shards, shards < 1 { throw Problem(description: "--shards must be at least 1, got \(shards)") }
        let index: Int, count: Int, source: String
        if let id = try number("SLURM_ARRAY_TASK_ID") {
            source = "SLURM_ARRAY_TASK_ID \(id)"
            if let step = try number("SLURM_ARRAY_TASK_STEP"), step != 1 {
                throw Problem(
                    description: "--shard auto: the array steps by \(step) (SLURM_ARRAY_TASK_STEP); its task ids must "
                        + "run without gaps, one per shard")
            }
            if let shards {
                (index, count) = (id + 1, shards)
            } else {
                let minimum = try number("SLURM_ARRAY_TASK_MIN") ?? 0
                guard
                    let total = try number("SLURM_ARRAY_TASK_COUNT")
                        ?? number("SLURM_ARRAY_TASK_MAX").map({ $0 - minimum + 1 })
                else {
                    throw Problem(
                        description:
                            "--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT or "
                            + "SLURM_ARRAY_TASK_MAX; give the shard count with --shards N")
                }
                (index, count) = (id - minimum + 1, total)
            }
        } else if let completion = try number("JOB_COMPLETION_INDEX") {
            source = "JOB_COMPLETION_INDEX \(completion)"
            guard let shards else {
                throw Problem(
                    description:
                        "--shard auto: JOB_COMPLETION_INDEX needs the shard count: --shards N (the job's completions)")
            }
            (index, count) = (completion + 1, shards)
        } else {
            throw Problem(
                description:
                    "--shard auto: no scheduler's task in the environment (Slurm's SLURM_ARRAY_TASK_ID, or "
                    + "JOB_COMPLETION_INDEX with --shards N for a Kubernetes Indexed Job); on one machine use --shard i/n"
            )
        }
        guard (1...count).contains(index) else {
            let rule =
                shards != nil
                ? "with --shards, task ids count shards from 0"
                : "the array's task ids must run from its first without gaps"
            throw Problem(description: "--shard auto: \(source) gives shard \(index), outside 1...\(count) (\(rule))")
        }
        return RunInfo.Shard(index: index, count: count)
    }
}
