import CBLAS
import Foundation

/// The BLAS library's threading and kernel, for start-up configuration and run provenance.
public enum BLASRuntime {
    /// Sets the number of threads OpenBLAS uses. satune uses 1: its matrices are small, and parallelism
    /// comes from running experiment cells concurrently; results are reproducible for a fixed count.
    public static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// The number of threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The kernel family OpenBLAS selected for this CPU (e.g. "Haswell").
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// OpenBLAS's build configuration string.
    public static var configuration: String { openblas_get_config().map { String(cString: $0) } ?? "unknown" }

    /// The OpenBLAS kernel family for a CPU with these instruction-set `flags` (as /proc/cpuinfo lists
    /// them): SkylakeX with AVX-512 (F, CD, BW, DQ, VL), Haswell with AVX2 and FMA, else nil (OpenBLAS's own
    /// choice). OpenBLAS 0.3.21 (Debian 12) does not recognize newer CPUs, such as the Xeons of family 6
    /// model 207 this project runs on, and falls back to its generic Prescott kernels, which made a DDPG
    /// update 2.5 times slower than SkylakeX's here.
    public static func preferredCoreType(flags: Set<String>) -> String? {
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }

    /// The instruction-set flags of this machine's first processor in /proc/cpuinfo (empty elsewhere).
    public static func cpuFlags(cpuinfo: String = "/proc/cpuinfo") -> Set<String> {
        guard let file = fopen(cpuinfo, "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let text = line.map({ String(cString: $0) }) {
            if text.hasPrefix("flags") {
                return Set(
                    text.split(separator: ":", maxSplits: 1).last?.split(separator: " ").map {
                        $0.trimmingCharacters(in: .whitespacesAndNewlines)
                    } ?? [])
            }
        }
        return []
    }
}
