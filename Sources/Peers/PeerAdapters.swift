import Foundation
import TuningKit

/// The shipped adapters of the field's tuners (`peers/*.py` in the source tree) and the Python environment they
/// run in (`.venv-peers/`, made by `make peers` with the pinned packages of `peers/requirements.txt`; the
/// Swift side never depends on them). `SATUNE_PEERS` may name another folder holding both.
public enum PeerAdapters {
    /// The folder that holds `peers/` and `.venv-peers/`.
    public static var home: URL? {
        if let given = ProcessInfo.processInfo.environment["SATUNE_PEERS"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        return SourceTree.root
    }

    /// The command that runs adapter `script` (e.g. "smac_agent.py") with `arguments`.
    public static func command(_ script: String, _ arguments: [String]) throws -> [String] {
        if let problem = problem { throw PlainError(problem) }
        let home = home!  // problem is nil only with a home
        return [
            home.appendingPathComponent(".venv-peers/bin/python").path,
            home.appendingPathComponent("peers/\(script)").path,
        ]
            + arguments
    }

    /// Why the shipped adapters cannot run here, with the command that fixes it; nil when they can.
    public static var problem: String? {
        guard let home else {
            return "the shipped adapters live in the source tree, which is not here (set SATUNE_PEERS to a folder "
                + "holding peers/ and .venv-peers/)"
        }
        let installed = home.appendingPathComponent(".venv-peers/installed")
        let wanted = home.appendingPathComponent("peers/requirements.txt")
        guard FileManager.default.fileExists(atPath: wanted.path) else {
            return "\(home.path) has no peers/requirements.txt (set SATUNE_PEERS to the satune source tree)"
        }
        guard let have = FileManager.default.contents(atPath: installed.path),
            have == FileManager.default.contents(atPath: wanted.path)
        else {
            return "the peer tuners' Python environment is missing or out of date: run `make peers` in \(home.path) "
                + "(it creates .venv-peers with SMAC3 and Optuna, pinned, from PyPI)"
        }
        return nil
    }
}
