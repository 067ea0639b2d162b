import ArgumentParser
import Foundation
import SQLiteReplayer
import TuningKit

/// `--knob name=value` settings: each split at its first `=`; a knob given twice is an error, not a
/// silent override.
func knobAssignments(_ settings: [String]) throws -> [(name: String, value: String)] {
    var seen: Set<String> = []
    return try settings.map { setting in
        guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
            throw fail("--knob \(Echo.shortened(setting)): expected name=value, e.g. --knob shared_buffers=4GB")
        }
        let name = String(setting[..<eq])
        guard seen.insert(name).inserted else {
            throw fail("--knob \(Echo.shortened(name)) is given twice; give each knob once")
        }
        return (name, String(setting[setting.index(after: eq)...]))
    }
}

/// The workload file an argument names (a path, or a built-in name), or a one-line error.
func workloadPath(_ argument: String) throws -> String {
    guard let path = SQLiteWorkloads.resolve(argument) else {
        throw fail(
            "no workload file \(Echo.shortened(argument)) (a .sql file, or one of "
                + "\(SQLiteWorkloads.builtIn.joined(separator: ", ")))"
        )
    }
    return path
}
