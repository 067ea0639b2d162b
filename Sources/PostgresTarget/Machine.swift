import Foundation

/// The memory and cores of the machine the real server runs on, which its knob ranges scale with.
public struct Machine: Sendable, Equatable {
    /// Memory in bytes: the physical memory, or the cgroup's limit when that is lower.
    public let memoryBytes: Double
    /// Cores this process may use.
    public let cores: Int

    public init(memoryBytes: Double, cores: Int) {
        self.memoryBytes = memoryBytes
        self.cores = cores
    }

    /// This machine: its memory, lowered to this process's cgroup limit where there is one (a Slurm job's
    /// `--mem`, a container's limit), and the cores this process may use.
    public static var this: Machine {
        var memory = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        if let limit = cgroupMemoryLimit(), limit < memory { memory = limit }
        return Machine(memoryBytes: memory, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The lowest `memory.max` (cgroup v2) on the way from this process's cgroup up to the root.
    private static func cgroupMemoryLimit() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else { return nil }
        var path = String(line.dropFirst(3)), lowest: Double?
        while true {
            let file = "/sys/fs/cgroup" + (path == "/" ? "" : path) + "/memory.max"
            if let value = (try? String(contentsOfFile: file, encoding: .utf8)).flatMap({
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }) {
                lowest = min(lowest ?? value, value)
            }
            if path == "/" || path.isEmpty { return lowest }
            path = (path as NSString).deletingLastPathComponent
        }
    }

    /// "23.4 GiB, 2 cores", for messages and provenance.
    public var summary: String {
        String(format: "%.1f GiB, %d cores", memoryBytes / 1_073_741_824, cores)
    }
}
