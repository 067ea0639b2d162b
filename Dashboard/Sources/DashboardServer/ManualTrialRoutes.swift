import Foundation
import Hummingbird
import Results
import TuningKit

/// `POST /api/trials` `{"environment": label, "knobs": {name: value}}`: evaluates a configuration by hand
/// (`satune evaluate`) and records it in `manual-trials.csv`; 400 with a message per field for bad input,
/// 403 for a request that may come from another site, 500 when the environment cannot be built.
struct ManualTrialRoutes {
    let feed: TrialFeed
    let manual: ManualTrials

    func add(to router: Router<BasicRequestContext>) {
        let (feed, manual) = (feed, manual)
        router.post("/api/trials") { request, _ in
            // Only this page may ask: a JSON body (which another site's page cannot send without the
            // browser asking first, and this server never says yes), and no foreign Origin.
            if let refusal = Self.crossSiteRefusal(request) {
                throw FieldErrors(status: .forbidden, errors: ["request": refusal])
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: 1 << 20)
            } catch {
                throw FieldErrors(status: .contentTooLarge, errors: ["request": "the body is larger than 1 MB"])
            }
            let parsed = try Self.manualRequest(Data(body.readableBytesView))
            do {
                let record = try await manual.evaluate(parsed)
                await feed.poll()
                guard let environment = feed.info.environment(parsed.environment) else {
                    throw HTTPError(.notFound, message: "no environment is named \"\(parsed.environment)\"")
                }
                let response = ManualTrialResponse(
                    trial: TrialPayload(record, index: record.step - 1, detail: true),
                    campaign: await feed.records.filter { $0.environment == parsed.environment },
                    environment: environment)
                return try Dashboard.json(response)
            } catch let refusal as ManualTrials.Refusal {
                throw FieldErrors(status: refusal.badInput ? .badRequest : .internalServerError, errors: refusal.errors)
            }
        }
    }

    /// Why a manual trial is refused as possibly coming from another site, or nil: its body must be
    /// declared JSON, and a browser's Origin, when sent, must name the host the request was sent to.
    static func crossSiteRefusal(_ request: Request) -> String? {
        let header = { (name: String) in request.headers.first { $0.name.canonicalName == name }?.value }
        guard header("content-type")?.lowercased().hasPrefix("application/json") ?? false else {
            return "send the configuration as JSON (Content-Type: application/json)"
        }
        if let origin = header("origin"), let host = request.head.authority {
            let originHost = origin.split(separator: "/").dropFirst(1).first.map(String.init) ?? origin
            if originHost != host { return "a page from \(origin) may not evaluate configurations here" }
        }
        return nil
    }

    /// Reads `{"environment": label, "knobs": {name: value}}`; values may be strings, numbers or booleans.
    static func manualRequest(_ data: Data) throws -> ManualTrials.Request {
        struct Body: Decodable {
            let environment: String
            let knobs: [String: Value]?
        }
        /// A knob's value as JSON gives it, as the text a knob parses.
        struct Value: Decodable {
            let text: String
            init(from decoder: any Decoder) throws {
                let single = try decoder.singleValueContainer()
                if let text = try? single.decode(String.self) {
                    self.text = text
                } else if let flag = try? single.decode(Bool.self) {
                    text = flag ? "on" : "off"
                } else if let integer = try? single.decode(Int.self) {
                    text = String(integer)
                } else {
                    text = String(try single.decode(Double.self))
                }
            }
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            throw FieldErrors(
                status: .badRequest,
                errors: [
                    "request":
                        "expected JSON {\"environment\": label, \"knobs\": {name: value}} with values as text or numbers"
                ])
        }
        return ManualTrials.Request(environment: body.environment, knobs: (body.knobs ?? [:]).mapValues(\.text))
    }
}

/// The answer to a manual trial: the trial, and the campaign's default and best on that environment to
/// compare it with.
struct ManualTrialResponse: Encodable {
    struct Reference: Encodable {
        let objective: Double?, throughput: Double?, latencyP50: Double?, latencyP95: Double?, latencyP99: Double?
        let runs: Int
    }

    let trial: TrialPayload
    /// Medians of the campaign's step-0 measurements of the default configuration.
    let `default`: Reference?
    /// The best trial of the campaign on this environment so far.
    let best: TrialPayload?

    /// For a system that changes during a run, manual trials measure it after the change: the best is
    /// then taken from after the change, and there is no default measured under those conditions.
    init(trial: TrialPayload, campaign records: [TrialRecord], environment: RunInfo.EnvironmentInfo) {
        self.trial = trial
        let objective = environment.objective.objective
        let records = records.filter { $0.step >= environment.changeStep ?? 0 }
        let defaults = environment.changeStep == nil ? records.filter { $0.step == 0 && !$0.failed } : []
        func median(_ values: [Double?]) -> Double? { Statistics.median(values.compactMap { $0 }) }
        self.default =
            defaults.isEmpty
            ? nil
            : Reference(
                objective: median(defaults.map(\.objective)), throughput: median(defaults.map(\.throughput)),
                latencyP50: median(defaults.map(\.latencyP50)), latencyP95: median(defaults.map(\.latencyP95)),
                latencyP99: median(defaults.map(\.latencyP99)), runs: defaults.count)
        let measured = records.indices.filter { records[$0].objective != nil && !records[$0].failed }
        best = measured.min { objective.isBetter(records[$0].objective!, than: records[$1].objective!) }.map {
            TrialPayload(records[$0], index: $0, detail: true)
        }
    }
}
