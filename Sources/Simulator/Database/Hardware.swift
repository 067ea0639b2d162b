/// The machine a simulated database runs on.
public struct Hardware: Sendable, Equatable {
    public let name: String
    public let summary: String
    /// Main memory in GB.
    public let ramGB: Double
    /// CPU cores.
    public let cores: Double
    /// Latency of one random 8 kB read from the device, in ms.
    public let readLatencyMs: Double
    /// Random I/O operations per second the device sustains.
    public let iops: Double
    /// Sequential bandwidth in MB/s.
    public let sequentialMBps: Double
    /// Latency of an fsync of the WAL, in ms.
    public let fsyncMs: Double
    /// Requests the device serves in parallel (prefetching beyond this does not help).
    public let queueDepth: Double

    /// The hardware profiles manifests can name (`hardware:` key); `medium` is the default.
    public static let profiles: [Hardware] = [
        Hardware(
            name: "medium", summary: "32 GB RAM, 8 cores, NVMe SSD (the default)", ramGB: 32, cores: 8,
            readLatencyMs: 0.09, iops: 60_000, sequentialMBps: 1500, fsyncMs: 1.0, queueDepth: 32),
        Hardware(
            name: "small", summary: "8 GB RAM, 2 cores, SATA SSD", ramGB: 8, cores: 2,
            readLatencyMs: 0.2, iops: 12_000, sequentialMBps: 450, fsyncMs: 1.2, queueDepth: 8),
        Hardware(
            name: "large", summary: "128 GB RAM, 32 cores, NVMe SSD", ramGB: 128, cores: 32,
            readLatencyMs: 0.08, iops: 200_000, sequentialMBps: 3000, fsyncMs: 0.3, queueDepth: 64),
        Hardware(
            name: "hdd", summary: "32 GB RAM, 8 cores, a 7200 rpm disk", ramGB: 32, cores: 8,
            readLatencyMs: 8, iops: 180, sequentialMBps: 160, fsyncMs: 8, queueDepth: 2),
        // Measured on the 2-core virtual machine of docs/simulator.md's comparison with the real server: memory
        // from the kernel, fsync by pg_test_fsync (fdatasync 0.18 ms), random 8 kB direct reads (0.11 ms, one at
        // a time), direct sequential reads with dd (1.4 GB/s); the IOPS and queue depth are the device's share
        // of a virtio disk, estimated.
        Hardware(
            name: "this-machine",
            summary: "23.5 GB RAM, 2 cores, virtio SSD (the machine of the real-server comparison)",
            ramGB: 23.5, cores: 2, readLatencyMs: 0.11, iops: 20_000, sequentialMBps: 1400, fsyncMs: 0.18,
            queueDepth: 16),
    ]

    public static func named(_ name: String) -> Hardware? { profiles.first { $0.name == name } }
}
