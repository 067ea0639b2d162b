import Foundation

/// Reads the configured settings back from a started server, so that a measurement is never labelled with
/// a value the server does not run (a workload's `ALTER DATABASE ... SET`, or a value PostgreSQL rounds).
enum SettingsCheck {
    /// Why the server runs other values than `settings`, or nil when it runs them all.
    static func mismatch(_ settings: [(String, String)], on server: PostgresServer) throws -> String? {
        guard !settings.isEmpty else { return nil }
        let names = settings.map { "'\($0.0)'" }.joined(separator: ",")
        let answer = try server.query("SELECT name, setting FROM pg_settings WHERE name IN (\(names))")
        var running: [String: String] = [:]
        for line in answer.split(separator: "\n") {
            let fields = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            if fields.count == 2 { running[String(fields[0])] = String(fields[1]) }
        }
        let wrong = settings.filter { name, value in !same(value, running[name]) }
        guard !wrong.isEmpty else { return nil }
        return "the server does not run the configured values: "
            + wrong.map { "\($0.0) = \(running[$0.0] ?? "missing") instead of \($0.1)" }.joined(separator: ", ")
    }

    /// Equal as PostgreSQL shows them: numbers by value (reals to the six significant digits `pg_settings`
    /// shows, while the server uses the value as written), words without case.
    private static func same(_ configured: String, _ running: String?) -> Bool {
        guard let running else { return false }
        if let a = Double(configured), let b = Double(running) {
            return a == b || abs(a - b) <= 5e-6 * max(abs(a), abs(b))
        }
        return configured.lowercased() == running.lowercased()
    }
}
