import ArgumentParser
import Foundation
import SQLiteReplayer
import TuningKit

/// `satune bench replay`: the replayer's overhead over a bare C-API loop that prepares, steps and
/// finalizes the same statements under the same knobs, on fresh copies of the same pristine database.
///
/// The two alternate (plain, replayer, plain, ...) so drift in the machine hits both alike, and the
/// overhead compares their medians. The knobs turn fsync off (synchronous=OFF, journal in memory) so that
/// disk noise, which the two share, does not hide the per-statement cost the replayer adds: the strict case.
enum ReplayBench {
    static func run(workload: String, pairs: Int) throws {
        guard let path = SQLiteWorkloads.resolve(workload) else { throw ValidationError("no workload file \(workload)") }
        let replayer = try Replayer(workload: path)
        let space = SQLiteKnobs.space
        let configuration = try space.configuration(assigning: [("synchronous", "OFF"), ("journal_mode", "MEMORY")])
        let values = Dictionary(uniqueKeysWithValues: zip(space.names, configuration.values))
        _ = try replayer.plainLoop(values)  // warm the file cache and the pristine build
        var plain: [Double] = [], replayed: [Double] = []
        for _ in 0..<pairs {
            plain.append(try replayer.plainLoop(values))
            switch replayer.replay(values) {
            case .success(let result): replayed.append(result.wallSeconds)
            case .failure(let failure): throw failure
            }
        }
        let (plainMedian, replayMedian) = (Statistics.median(plain)!, Statistics.median(replayed)!)
        report("statements", Double(replayer.statementCount))
        report("plain_loop_s_median", plainMedian)
        report("replayer_s_median", replayMedian)
        report("overhead_percent", (replayMedian - plainMedian) / plainMedian * 100)
    }
}
