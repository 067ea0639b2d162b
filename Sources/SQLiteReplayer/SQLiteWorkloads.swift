import Foundation

/// Finding workload files: a path, or the name of a built-in workload in the project's `Workloads/` folder.
public enum SQLiteWorkloads {
    /// The built-in workloads, by name.
    public static let builtIn = ["oltp", "oltp-small", "analytic", "ingest"]

    /// The file a workload argument names: the path itself if it exists, else `Workloads/<name>.sql` under
    /// the current directory, else in the source tree satune was built from (so that built-in names work
    /// from any folder); nil when none exists.
    public static func resolve(_ argument: String) -> String? {
        let manager = FileManager.default
        if manager.fileExists(atPath: argument) { return argument }
        guard !argument.contains("/"), !argument.isEmpty else { return nil }
        let local = "Workloads/\(argument).sql"
        if manager.fileExists(atPath: local) { return local }
        let bundled = sourceTree.appendingPathComponent("Workloads/\(argument).sql").path
        return manager.fileExists(atPath: bundled) ? bundled : nil
    }

    /// The checkout this file was compiled in.
    private static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
