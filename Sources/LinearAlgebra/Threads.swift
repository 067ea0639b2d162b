import CBLAS

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
}
