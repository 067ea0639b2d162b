/// The simulator's knobs: 39 PostgreSQL 15 settings with their real names, units and defaults
/// (PostgreSQL documentation, chapter 20 "Server Configuration"), listed in importance order.
///
/// Ranges are the documented ones narrowed to what a tuner would try on a server of up to 128 GB
/// (e.g. shared_buffers 128 kB to 64 GB rather than to 8 TB). Memory sizes are log-scale, since a DBA
/// thinks of them in powers of two. Units are PostgreSQL's own: `8kB` means 8 kB pages.
///
/// The order is the importance order of the knob-count experiment: the top-k environment tunes the first
/// k and leaves the rest at their defaults. It follows the knob rankings reported for PostgreSQL by
/// OtterTune (Van Aken et al., SIGMOD 2017, Lasso ranking) and the VLDB 2022 tuning benchmark
/// (Zhang et al., SHAP/fANOVA ranking): memory, durability and checkpointing first, then planner
/// costs and parallelism, then background writer, autovacuum and planner switches.
public enum PostgresKnobs {
    public static let all: [Knob] = [
        memory("shared_buffers", pages: 16...8_388_608, default: 16384, "memory for the shared buffer cache"),
        Knob(
            name: "work_mem", domain: .integer(64...4_194_304), defaultValue: .integer(4096), unit: "kB",
            logScale: true,
            summary: "memory per sort or hash operation before it spills to temporary files"),
        Knob(
            name: "synchronous_commit", domain: .categorical(["off", "local", "remote_write", "remote_apply", "on"]),
            defaultValue: .categorical("on"),
            summary: "whether a commit waits for its WAL to be flushed (off risks losing recent commits)"),
        Knob(
            name: "max_wal_size", domain: .integer(32...65536), defaultValue: .integer(1024), unit: "MB",
            logScale: true,
            summary: "WAL volume between automatic checkpoints"),
        memory(
            "effective_cache_size", pages: 2048...16_777_216, default: 524_288,
            "planner's assumption of the cache available to one query"),
        Knob(
            name: "random_page_cost", domain: .real(0.5...10), defaultValue: .real(4),
            summary: "planner's cost of a random page read"),
        Knob(
            name: "checkpoint_timeout", domain: .integer(30...3600), defaultValue: .integer(300), unit: "s",
            logScale: true,
            summary: "maximum time between automatic checkpoints"),
        Knob(
            name: "max_parallel_workers_per_gather", domain: .integer(0...32), defaultValue: .integer(2),
            summary: "workers one Gather node may use"),
        Knob(
            name: "checkpoint_completion_target", domain: .real(0...1), defaultValue: .real(0.9),
            summary: "fraction of the checkpoint interval over which checkpoint writes are spread"),
        Knob(
            name: "commit_delay", domain: .integer(0...100_000), defaultValue: .integer(0), unit: "us",
            summary: "delay before a WAL flush, so that concurrent commits share it (group commit)"),
        Knob(
            name: "wal_buffers", domain: .integer(8...65536), defaultValue: .integer(-1), unit: "8kB", logScale: true,
            specialValues: [.init(.integer(-1), meaning: "auto: 1/32 of shared_buffers, 64 kB to 16 MB")],
            summary: "shared memory for WAL not yet written"),
        Knob(
            name: "effective_io_concurrency", domain: .integer(0...1000), defaultValue: .integer(1),
            summary: "concurrent I/O requests a bitmap heap scan may issue (prefetching)"),
        Knob(
            name: "maintenance_work_mem", domain: .integer(1024...4_194_304), defaultValue: .integer(65536), unit: "kB",
            logScale: true,
            summary: "memory for VACUUM, CREATE INDEX and other maintenance"),
        Knob(
            name: "bgwriter_lru_maxpages", domain: .integer(0...1000), defaultValue: .integer(100),
            summary: "most buffers the background writer writes per round"),
        Knob(
            name: "default_statistics_target", domain: .integer(1...10000), defaultValue: .integer(100), logScale: true,
            summary: "statistics detail ANALYZE collects (better estimates, slower ANALYZE)"),
        Knob(
            name: "wal_compression", domain: .categorical(["off", "pglz", "lz4", "zstd"]),
            defaultValue: .categorical("off"),
            summary: "compression of full-page images in WAL"),
        Knob(
            name: "max_worker_processes", domain: .integer(1...64), defaultValue: .integer(8),
            summary: "background processes the server can run (caps parallel workers)"),
        memory("temp_buffers", pages: 100...131_072, default: 1024, "per-session memory for temporary tables"),
        Knob(
            name: "enable_nestloop", domain: .boolean, defaultValue: .boolean(true),
            summary: "planner may use nested-loop joins"),
        Knob(
            name: "seq_page_cost", domain: .real(0.1...10), defaultValue: .real(1),
            summary: "planner's cost of a sequential page read"),
        Knob(
            name: "autovacuum_vacuum_scale_factor", domain: .real(0.001...1), defaultValue: .real(0.2), logScale: true,
            summary: "fraction of a table's rows that must be dead before autovacuum vacuums it"),
        Knob(
            name: "bgwriter_delay", domain: .integer(10...10000), defaultValue: .integer(200), unit: "ms",
            logScale: true,
            summary: "sleep between background writer rounds"),
        Knob(
            name: "wal_writer_delay", domain: .integer(1...10000), defaultValue: .integer(200), unit: "ms",
            logScale: true,
            summary: "sleep between WAL writer flushes (bounds the loss window of asynchronous commits)"),
        Knob(
            name: "commit_siblings", domain: .integer(0...1000), defaultValue: .integer(5),
            summary: "open transactions needed before commit_delay applies"),
        Knob(
            name: "max_parallel_workers", domain: .integer(0...64), defaultValue: .integer(8),
            summary: "parallel workers active at once across the server"),
        Knob(
            name: "full_page_writes", domain: .boolean, defaultValue: .boolean(true),
            summary: "write whole pages to WAL after each checkpoint (off risks torn pages after a crash)"),
        Knob(
            name: "enable_hashjoin", domain: .boolean, defaultValue: .boolean(true),
            summary: "planner may use hash joins"),
        Knob(
            name: "min_wal_size", domain: .integer(32...16384), defaultValue: .integer(80), unit: "MB", logScale: true,
            summary: "WAL kept for recycling instead of being removed"),
        Knob(
            name: "autovacuum_max_workers", domain: .integer(1...16), defaultValue: .integer(3),
            summary: "concurrent autovacuum workers"),
        Knob(
            name: "autovacuum_naptime", domain: .integer(1...3600), defaultValue: .integer(60), unit: "s",
            logScale: true,
            summary: "sleep between autovacuum rounds per database"),
        Knob(
            name: "jit", domain: .boolean, defaultValue: .boolean(true),
            summary: "JIT-compile expressions of expensive queries"),
        Knob(
            name: "bgwriter_lru_multiplier", domain: .real(0...10), defaultValue: .real(2),
            summary: "how far ahead of demand the background writer cleans"),
        Knob(
            name: "cpu_tuple_cost", domain: .real(0.001...0.1), defaultValue: .real(0.01), logScale: true,
            summary: "planner's cost of processing one row"),
        Knob(
            name: "enable_mergejoin", domain: .boolean, defaultValue: .boolean(true),
            summary: "planner may use merge joins"),
        Knob(
            name: "enable_seqscan", domain: .boolean, defaultValue: .boolean(true),
            summary: "planner may use sequential scans"),
        Knob(
            name: "autovacuum", domain: .boolean, defaultValue: .boolean(true), summary: "run the autovacuum launcher"),
        Knob(
            name: "enable_bitmapscan", domain: .boolean, defaultValue: .boolean(true),
            summary: "planner may use bitmap scans"),
        Knob(
            name: "autovacuum_vacuum_cost_limit", domain: .integer(1...10000), defaultValue: .integer(-1),
            specialValues: [.init(.integer(-1), meaning: "use vacuum_cost_limit (200)")],
            summary: "I/O cost an autovacuum worker may spend before sleeping"),
        Knob(
            name: "hash_mem_multiplier", domain: .real(1...16), defaultValue: .real(2), logScale: true,
            summary: "hash tables may use this multiple of work_mem"),
    ]

    private static func memory(_ name: String, pages: ClosedRange<Int>, default value: Int, _ summary: String) -> Knob {
        Knob(
            name: name, domain: .integer(pages), defaultValue: .integer(value), unit: "8kB", logScale: true,
            summary: summary)
    }

    /// The first `count` knobs of the importance order.
    public static func top(_ count: Int) -> [Knob] { Array(all.prefix(count)) }
}
