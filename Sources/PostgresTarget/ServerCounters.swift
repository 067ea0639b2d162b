import Foundation
import TuningKit

/// The counters read before and after a timed run, whose differences are the run's metrics: the server's
/// statistics views, the CPU time of the server's processes and of pgbench, the I/O of the server's processes
/// and of the disk, and the machine's busy time.
struct ServerCounters {
    /// `pg_stat_database` (the `postgres` database), `pg_stat_bgwriter` and `pg_stat_wal`, in this order.
    static let statisticNames = [
        "xact_commit", "xact_rollback", "blks_read", "blks_hit", "temp_files", "temp_bytes", "deadlocks",
        "checkpoints_timed", "checkpoints_req", "buffers_checkpoint", "buffers_clean", "maxwritten_clean",
        "buffers_backend", "buffers_backend_fsync", "buffers_alloc",
        "wal_records", "wal_fpi", "wal_bytes", "wal_buffers_full", "wal_write", "wal_sync",
    ]
    static let statisticsQuery =
        "SELECT d.xact_commit, d.xact_rollback, d.blks_read, d.blks_hit, d.temp_files, d.temp_bytes, d.deadlocks, "
        + "b.checkpoints_timed, b.checkpoints_req, b.buffers_checkpoint, b.buffers_clean, b.maxwritten_clean, "
        + "b.buffers_backend, b.buffers_backend_fsync, b.buffers_alloc, "
        + "w.wal_records, w.wal_fpi, w.wal_bytes, w.wal_buffers_full, w.wal_write, w.wal_sync "
        + "FROM pg_stat_database d, pg_stat_bgwriter b, pg_stat_wal w WHERE d.datname = 'postgres'"

    var statistics: [Double] = []
    /// CPU seconds of the server's processes (see `PostmasterProcess.cpuSeconds`).
    var serverUser = 0.0, serverSystem = 0.0
    /// CPU seconds of the programs satune ran and reaped (pgbench, psql), and of satune itself.
    var children = 0.0, own = 0.0
    /// Bytes the server's processes read from and wrote to storage (see `PostmasterProcess.ioBytes`).
    var serverRead = 0.0, serverWrite = 0.0
    /// Bytes read from and written to the disk holding the data directory (every process's I/O on that disk).
    var diskRead = 0.0, diskWrite = 0.0
    /// `MachineLoad.busySeconds()`.
    var machineBusy = 0.0

    /// Reads the process and disk counters (the statistics views are read separately, through the server).
    mutating func readProcesses(server: PostmasterProcess?, data: URL) {
        let running = server.map { PostmasterProcess.children(of: $0.pid) } ?? []  // one scan of /proc for both
        (serverUser, serverSystem) = server?.cpuSeconds(children: running) ?? (0, 0)
        (serverRead, serverWrite) = server?.ioBytes(children: running) ?? (0, 0)
        children = Self.cpuSeconds(RUSAGE_CHILDREN)
        own = Self.cpuSeconds(RUSAGE_SELF)
        (diskRead, diskWrite) = Self.diskBytes(of: data)
        machineBusy = MachineLoad.busySeconds()
    }

    /// Reads the statistics views; the values are cumulative since the cluster was built.
    mutating func readStatistics(from server: PostgresServer) throws {
        let line = try server.query(Self.statisticsQuery)
        let values = line.split(separator: ",").map { Double($0) ?? .nan }
        guard values.count == Self.statisticNames.count else {
            throw PostgresError("unexpected answer from the statistics views: \(line)")
        }
        statistics = values
    }

    private static func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// Bytes read and written on the block device holding `url` (from /sys/dev/block/MAJOR:MINOR/stat, in
    /// 512-byte sectors); zeros where the device has no such entry (some virtual file systems).
    static func diskBytes(of url: URL) -> (read: Double, written: Double) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return (0, 0) }
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        guard let text = try? String(contentsOfFile: "/sys/dev/block/\(major):\(minor)/stat", encoding: .utf8)
        else { return (0, 0) }
        let fields = text.split(separator: " ").compactMap { Double($0) }
        guard fields.count >= 7 else { return (0, 0) }
        return (fields[2] * 512, fields[6] * 512)
    }
}
