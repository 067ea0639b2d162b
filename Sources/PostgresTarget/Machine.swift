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

    /// This machine.
    public static var this: Machine {
        var memory = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
            let limit = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit < memory
        {
            memory = limit
        }
        return Machine(memoryBytes: memory, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// "23.4 GiB, 2 cores", for messages and provenance.
    public var summary: String {
        String(format: "%.1f GiB, %d cores", memoryBytes / 1_073_741_824, cores)
    }
}
