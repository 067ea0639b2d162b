import TuningKit

/// The knobs of the real server: the simulator's 39 PostgreSQL 15 knobs (`PostgresKnobs.all`), with the
/// same names, units, defaults and order, so that a configuration means the same on both, and with the
/// ranges of memory and worker knobs scaled to the machine. Each range stays inside the simulator's, so
/// every configuration of the real server is one the simulator can evaluate.
///
/// - `shared_buffers` goes up to twice the memory (rounded up to a power of two): the top of the range, where
///   the server cannot allocate its shared memory and does not start, is part of the space, as a crash
///   region, so that agents learn where it begins.
/// - `effective_cache_size` (a planner assumption) goes up to the memory, rounded up to a power of two.
/// - `work_mem`, `maintenance_work_mem` and `temp_buffers` (per operation or session) go up to a quarter of it.
/// - `max_parallel_workers_per_gather` goes up to twice the cores, `max_parallel_workers` and
///   `max_worker_processes` up to four times the cores, never below their defaults.
/// - `synchronous_commit` is `off` or `on`: satune's server has no standby, and without one `local`,
///   `remote_write` and `remote_apply` wait for the same local WAL flush as `on` (PostgreSQL documentation,
///   `synchronous_commit`); keeping them would make four fifths of the knob's range one value.
public enum ServerKnobs {
    /// Every knob, with ranges for `machine`.
    public static func all(for machine: Machine) -> [Knob] {
        PostgresKnobs.all.map { scaled($0, machine) }
    }

    /// The first `count` knobs of the importance order, or those named (in that order), for `machine`.
    public static func space(names: [String]? = nil, count: Int? = nil, machine: Machine) throws -> KnobSpace {
        let all = KnobSpace(all(for: machine))
        if let names {
            let unknown = names.filter { all[$0] == nil }
            guard unknown.isEmpty else {
                throw PostgresError(
                    "unknown knob\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); known: "
                        + all.names.joined(separator: ", "))
            }
            return all.subset(all.names.filter(names.contains))!
        }
        let count = count ?? all.dimension
        guard (1...all.dimension).contains(count) else {
            throw PostgresError("a knob count is 1 to \(all.dimension), got \(count)")
        }
        return KnobSpace(Array(all.knobs.prefix(count)))
    }

    private static func scaled(_ knob: Knob, _ machine: Machine) -> Knob {
        let memory = machine.memoryBytes
        switch knob.name {
        case "shared_buffers": return capped(knob, bytes: powerOfTwo(atLeast: 2 * memory))
        case "effective_cache_size": return capped(knob, bytes: powerOfTwo(atLeast: memory))
        case "work_mem", "maintenance_work_mem", "temp_buffers": return capped(knob, bytes: memory / 4)
        case "max_parallel_workers_per_gather": return capped(knob, count: 2 * machine.cores)
        case "max_parallel_workers", "max_worker_processes": return capped(knob, count: 4 * machine.cores)
        case "synchronous_commit": return restricted(knob, to: ["off", "on"])
        default: return knob
        }
    }

    /// The knob with its upper bound lowered to `bytes` (in its unit: 8kB pages or kB).
    private static func capped(_ knob: Knob, bytes: Double) -> Knob {
        let unitBytes: Double = knob.unit == "8kB" ? 8192 : 1024
        return capped(knob, count: Int(bytes / unitBytes))
    }

    /// The knob with its upper bound lowered to `count`, but not below its default or lower bound.
    private static func capped(_ knob: Knob, count: Int) -> Knob {
        guard case .integer(let range) = knob.domain, case .integer(let value) = knob.defaultValue else { return knob }
        let upper = min(range.upperBound, max(count, value, range.lowerBound))
        return Knob(
            name: knob.name, domain: .integer(range.lowerBound...upper), defaultValue: knob.defaultValue,
            unit: knob.unit, logScale: knob.logScale, specialValues: knob.specialValues,
            unsafeValues: knob.unsafeValues, summary: knob.summary)
    }

    /// The categorical knob with only `choices` (in this order).
    private static func restricted(_ knob: Knob, to choices: [String]) -> Knob {
        Knob(
            name: knob.name, domain: .categorical(choices), defaultValue: knob.defaultValue, unit: knob.unit,
            logScale: knob.logScale, specialValues: knob.specialValues, unsafeValues: knob.unsafeValues,
            summary: knob.summary)
    }

    private static func powerOfTwo(atLeast value: Double) -> Double {
        var power = 1.0
        while power < value { power *= 2 }
        return power
    }
}
