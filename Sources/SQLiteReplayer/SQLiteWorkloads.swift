import Foundation

/// Finding workload files: a path, or the name of a built-in workload in the project's `Workloads/` folder.
public enum SQLiteWorkloads {
    /// The built-in workloads, by name.
    public static let builtIn = ["oltp", "analytic", "ingest"]

    /// The file a workload argument names: the path itself if it exists, else `Workloads/<name>.sql`
    /// under the current directory; nil when neither exists.
    public static func resolve(_ argument: String) -> String? {
        let manager = FileManager.default
        if manager.fileExists(atPath: argument) { return argument }
        let builtIn = "Workloads/\(argument).sql"
        return !argument.contains("/") && manager.fileExists(atPath: builtIn) ? builtIn : nil
    }
}
