import Experiments
import Foundation
import Hummingbird
import TuningKit

extension Dashboard {
    /// The endpoints:
    ///
    /// - `GET /` the page;
    /// - `GET /api/summary` the campaign, its environments and agents, and each run's progress;
    /// - `GET /api/trials` every trial read so far (`?environment=&agent=&seed=`: one run's, with its
    ///   knobs and metrics);
    /// - `GET /api/knobs?environment=` an environment's knobs (name, type, range, unit, default);
    /// - `GET /events` server-sent events, one `event: trial` per row of `trials.csv`: the rows read so far,
    ///   then each new one as `satune run` appends it (`?since=N`, or the `Last-Event-ID` header of a
    ///   reconnecting browser, starts at index N: the page passes the number of rows it has);
    /// - `POST /api/trials` `{"environment": label, "knobs": {name: value}}` evaluates a configuration by
    ///   hand and records it in `manual-trials.csv`: 400 with a message per field for bad input.
    ///
    /// Nothing else is served: no file of the folder or elsewhere is read by path.
    func routes() -> Router<BasicRequestContext> {
        let router = Router()
        let feed = self.feed, manual = self.manual
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: Page.html)))
        }
        router.get("/api/summary") { _, _ in
            await feed.poll()
            let summary = SummaryPayload(
                info: feed.info, folder: feed.folder, records: await feed.records, manualTrials: manual.count,
                problem: await feed.problem)
            return try Self.json(summary)
        }
        router.get("/api/trials") { request, _ in
            await feed.poll()
            let query = request.uri.queryParameters
            let records = await feed.records
            guard let environment = query.get("environment") else {
                return try Self.json(records.enumerated().map { TrialPayload($1, index: $0, detail: false) })
            }
            guard feed.info.environment(environment) != nil else {
                return try Self.json(["error": "no environment is named \"\(environment)\""], status: .notFound)
            }
            let agent = query.get("agent")
            let seedText = query.get("seed")
            let seed = seedText.flatMap { UInt64($0) }
            if seedText != nil, seed == nil {
                return try Self.json(["error": "seed: expected a non-negative integer"], status: .badRequest)
            }
            let run = records.enumerated().filter { _, r in
                r.environment == environment && (agent == nil || r.agent == agent) && (seed == nil || r.seed == seed)
            }
            return try Self.json(run.map { TrialPayload($1, index: $0, detail: true) })
        }
        router.get("/api/knobs") { request, _ in
            guard let label = request.uri.queryParameters.get("environment") else {
                return try Self.json(["error": "give ?environment=<label>"], status: .badRequest)
            }
            guard let env = feed.info.environment(label) else {
                let known = feed.info.environments.map(\.label).joined(separator: ", ")
                return try Self.json(
                    ["error": "no environment is named \"\(label)\"; known: \(known)"], status: .notFound)
            }
            return try Self.json(env.knobs.map(KnobPayload.init))
        }
        router.get("/events") { request, _ in
            let lastSeen = request.headers.first { $0.name.canonicalName == "last-event-id" }.flatMap { Int($0.value) }
                .map { $0 + 1 }
            let since = request.uri.queryParameters.get("since").flatMap { Int($0) }
            let stream = await feed.subscribe(from: lastSeen ?? since ?? 0)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: .init { writer in
                    try await writer.write(ByteBuffer(string: ": satune dashboard: one event per new trial\n\n"))
                    for await batch in stream {
                        var text = batch.isEmpty ? ": still here\n\n" : ""
                        for trial in batch {
                            let data = try JSON.encode(TrialPayload(trial.record, index: trial.index, detail: true))
                            text += "id: \(trial.index)\nevent: trial\ndata: \(data)\n\n"
                        }
                        try await writer.write(ByteBuffer(string: text))
                    }
                    try await writer.finish(nil)
                })
        }
        router.post("/api/trials") { request, _ in
            // Only this page may ask: a JSON body (which another site's page cannot send without the
            // browser asking first, and this server never says yes), and no foreign Origin.
            if let refusal = Self.crossSiteRefusal(request) {
                return try Self.json(["errors": ["request": refusal]], status: .forbidden)
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: 1 << 20)
            } catch {
                return try Self.json(["errors": ["request": "the body is larger than 1 MB"]], status: .contentTooLarge)
            }
            let parsed: ManualTrials.Request
            do {
                parsed = try Self.manualRequest(Data(body.readableBytesView))
            } catch let refusal as ManualTrials.Refusal {
                return try Self.json(["errors": refusal.errors], status: .init(code: refusal.status))
            }
            do {
                let record = try await manual.evaluate(parsed)
                await feed.poll()
                let response = ManualTrialResponse(
                    trial: TrialPayload(record, index: manual.count - 1, detail: true),
                    campaign: await feed.records.filter { $0.environment == parsed.environment },
                    environment: feed.info.environment(parsed.environment)!)
                return try Self.json(response)
            } catch let refusal as ManualTrials.Refusal {
                return try Self.json(["errors": refusal.errors], status: .init(code: refusal.status))
            }
        }
        return router
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

    /// A JSON response.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: try JSON.encode(value))))
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
            throw ManualTrials.Refusal(
                status: 400,
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
