import Foundation
import Hummingbird
import Results
import TuningKit

/// The campaign as JSON:
///
/// - `GET /api/summary` the campaign, its environments and agents, and each run's progress;
/// - `GET /api/trials` every trial read so far (`?environment=&agent=&seed=`: one run's, with its knobs
///   and metrics);
/// - `GET /api/knobs?environment=` an environment's knobs (name, type, range, unit, default).
struct CampaignRoutes {
    let feed: TrialFeed
    let manual: ManualTrials

    func add(to router: Router<BasicRequestContext>) {
        let (feed, manual) = (feed, manual)
        router.get("/api/summary") { _, _ in
            await feed.poll()
            let summary = SummaryPayload(
                info: feed.info, folder: feed.folder, records: await feed.records, manualTrials: manual.count,
                problem: await feed.problem)
            return try Dashboard.json(summary)
        }
        router.get("/api/trials") { request, _ in
            await feed.poll()
            let query = request.uri.queryParameters
            let records = await feed.records
            guard let environment = query.get("environment") else {
                return try Dashboard.json(records.enumerated().map { TrialPayload($1, index: $0, detail: false) })
            }
            guard feed.info.environment(environment) != nil else {
                throw HTTPError(.notFound, message: "no environment is named \"\(Echo.shortened(environment))\"")
            }
            let agent = query.get("agent")
            let seedText = query.get("seed")
            let seed = seedText.flatMap { UInt64($0) }
            if seedText != nil, seed == nil {
                throw HTTPError(.badRequest, message: "seed: expected a non-negative integer")
            }
            let run = records.enumerated().filter { _, r in
                r.environment == environment && (agent == nil || r.agent == agent) && (seed == nil || r.seed == seed)
            }
            return try Dashboard.json(run.map { TrialPayload($1, index: $0, detail: true) })
        }
        router.get("/api/knobs") { request, _ in
            guard let label = request.uri.queryParameters.get("environment") else {
                throw HTTPError(.badRequest, message: "give ?environment=<label>")
            }
            guard let env = feed.info.environment(label) else {
                let known = feed.info.environments.map(\.label).joined(separator: ", ")
                throw HTTPError(
                    .notFound, message: "no environment is named \"\(Echo.shortened(label))\"; known: \(known)")
            }
            return try Dashboard.json(env.knobs.map(KnobPayload.init))
        }
    }
}
