import CSQLite3
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
public enum ReplayBench {
    public static func run(workload path: String, pairs: Int, report: FigureSink) throws {
        let replayer = try Replayer(workload: path)
        // The defaults, with the rollback journal in memory, the only file journal an in-memory database keeps.
        let space = SQLiteKnobs.space
        let values = Dictionary(
            uniqueKeysWithValues: zip(
                space.names, try space.configuration(assigning: [("journal_mode", "MEMORY")]).values))
        // The statements as C strings, made before any timing.
        let statements = replayer.statements.map { ContiguousArray($0.utf8CString) }
        var plain: [Double] = [], replayed: [Double] = []
        func runPlain() throws { plain.append(try plainLoop(replayer, statements, values)) }
        func runReplayer() throws {
            switch replayer.replay(values, on: .memory) {
            case .success(let result): replayed.append(result.wallSeconds)
            case .failure(let failure): throw failure
            }
        }
        _ = try plainLoop(replayer, statements, values)  // warm up
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
        report(Figure("statements", Double(replayer.statementCount)))
        report(Figure("plain_loop_s_median", plainMedian))
        report(Figure("replayer_s_median", replayMedian))
        report(Figure("overhead_percent", (replayMedian - plainMedian) / plainMedian * 100))
    }

    /// The same statements under the same knobs, prepared, stepped and finalized in a bare loop with nothing
    /// measured, timed from the first statement until the connection's copy is closed. Returns wall seconds.
    static func plainLoop(_ replayer: Replayer, _ statements: [ContiguousArray<CChar>], _ values: [String: KnobValue])
        throws -> Double
    {
        var seconds = 0.0
        try replayer.withConfiguredCopy(values, on: .memory) { db in
            let started = ContinuousClock.now
            for text in statements {
                text.withUnsafeBufferPointer { sql in
                    var statement: OpaquePointer?
                    sqlite3_prepare_v2(db, sql.baseAddress, Int32(sql.count - 1), &statement, nil)
                    while sqlite3_step(statement) == SQLITE_ROW {}
                    sqlite3_finalize(statement)
                }
            }
            seconds = (ContinuousClock.now - started).seconds
        }
        return seconds
    }
}
