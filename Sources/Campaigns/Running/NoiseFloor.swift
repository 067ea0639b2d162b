import Foundation
import Manifests
import Results
import TuningKit

/// The noise floor of a campaign's real environments, measured before any run: each one's default
/// configuration `noise_runs` times (5 by default), the environments' runs interleaved (so that a drift of the machine reaches all
/// alike), appended to `noise.csv` as each completes. A resumed campaign measures only what is missing. The
/// coefficient of variation of those measurements is reported beside every result on the environment.
enum NoiseFloor {
    /// Measures what `noise.csv` lacks for the real environments among `cells`; returns the records now there.
    static func measure(
        _ manifest: Manifest, cells: [Campaign.Cell], folder: ResultsFolder, control: RunControl,
        progress: CampaignProgress
    ) throws -> [NoiseRecord] {
        var records = try folder.readNoise()
        let runs = manifest.noiseRuns
        let labels = Set(cells.map(\.environment.label))
        let real = manifest.environments.filter { labels.contains($0.label) && type(of: $0.spec).timingSensitive }
        let missing = real.filter { entry in records.filter { $0.environment == entry.label }.count < runs }
        guard !missing.isEmpty, !control.stopRequested else { return records }
        let log = try CSVAppender(
            folder.noise, header: CSVText.line(NoiseRecord.header),
            wholeLength: FileManager.default.fileExists(atPath: folder.noise.path)
                ? (try CSVText.read(folder.noise)).wholeLength : 0)
        var environments: [(label: String, env: any Environment)] = []
        for entry in missing {
            let env = try entry.spec.make(seed: 0)
            try env.prepare()
            environments.append((entry.label, env))
        }
        for run in 0..<runs {
            for (label, env) in environments where records.filter({ $0.environment == label }).count <= run {
                if control.stopRequested { return records }
                control.started(env)
                let start = ContinuousClock.now
                let measurement = TuningLoop.measure(env.defaultConfiguration, in: env, trial: run)
                control.finished(env)
                if measurement.interrupted && control.stopRequested { return records }
                let record = NoiseRecord(
                    environment: label, run: run, objective: measurement.failed ? nil : measurement.objective,
                    failureReason: measurement.failureReason, elapsedMs: (ContinuousClock.now - start).seconds * 1000)
                try log.write(record.line)
                records.append(record)
            }
        }
        log.sync()
        for (label, _) in environments {
            if let floor = NoiseRecord.floors(records)[label] {
                progress.note(
                    "noise floor of \(label): \(String(format: "%.1f", floor.cv * 100))% (coefficient of variation of "
                        + "\(floor.runs) measurements of the default)")
            }
        }
        return records
    }
}
