import Foundation
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// A two-environment, two-agent, three-seed campaign that runs in well under a second in a debug build.
func smallManifest(output: String, budget: Int = 12, seeds: String = "[1, 2, 3]", extra: String = "") throws -> Manifest
{
    try Manifest.parse(
        """
        name: runner-test
        seeds: \(seeds)
        budget: \(budget)
        output: \(output)
        \(extra)
        environments:
          - type: simulator
            workload: oltp-write
            knobs: 8
          - type: branin
        agents:
          - type: random-search
          - type: random-search
            sampling: latin-hypercube
        """)
}

func runCampaign(
    _ manifest: Manifest, jobs: Int = 1, shard: RunInfo.Shard? = nil, force: Bool = false,
    control: RunControl = RunControl()
) throws
    -> CampaignRunner.Outcome
{
    var options = CampaignRunner.Options()
    options.jobs = jobs
    options.shard = shard
    options.force = force
    return try CampaignRunner(manifest: manifest, options: options, control: control).run()
}

/// The rows of a trials file without its timing columns, in file order.
func rowsWithoutTiming(_ file: URL) throws -> [[String]] {
    let table = try CSVText.read(file)
    let keep = table.header.indices.filter { !TrialSchema.timingColumns.contains(table.header[$0]) }
    return [keep.map { table.header[$0] }] + table.rows.map { row in keep.map { row[$0] } }
}
