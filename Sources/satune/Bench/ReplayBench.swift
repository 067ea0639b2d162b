import ArgumentParser
import Foundation
import SQLiteReplayer
import TuningKit

/// `satune bench replay`: the replayer's overhead over a bare C-API loop that prepares, steps and
/// finalizes the same statements under the same knobs, on fresh copies of the same pristine database.
///
/// Both run on in-memory images of the pristine database (`Replayer.Medium.memory`), so disk noise,
/// which they would share, does not hide the per-statement cost the replayer adds: the strict case.
/// They alternate, each going first in every other pair, so machine drift and any order effect hit
/// both alike, and the overhead compares their medians.
enum ReplayBench {
    static func run(workload: String, pairs: Int) throws {
        guard let path = SQLiteWorkloads.resolve(workload) else { throw ValidationError("no workload file \(workload)") }
        let replayer = try Replayer(workload: path)
        // The defaults, with the rollback journal in memory, the only file journal an in-memory database keeps.
        let space = SQLiteKnobs.space
        let values = Dictionary(uniqueKeysWithValues: zip(space.names, try space.configuration(assigning: [("journal_mode", "MEMORY")]).values))
        var plain: [Double] = [], replayed: [Double] = []
        func runPlain() throws { plain.append(try replayer.plainLoop(values, on: .memory)) }
        func runReplayer() throws {
            switch replayer.replay(values, on: .memory) {
            case .success(let result): replayed.append(result.wallSeconds)
            case .failure(let failure): throw failure
            }
        }
        _ = try replayer.plainLoop(values, on: .memory)  // warm up
        for pair in 0..<pairs {
            if pair % 2 == 0 {
                try runPlain()
                try runReplayer()
            } else {
                try runReplayer()
                try runPlain()
            }
        }
        let (plainMedian, replayMedian) = (Statistics.median(plain)!, Statistics.median(replayed)!)
        report("statements", Double(replayer.statementCount))
        report("plain_loop_s_median", plainMedian)
        report("replayer_s_median", replayMedian)
        report("overhead_percent", (replayMedian - plainMedian) / plainMedian * 100)
    }
}
