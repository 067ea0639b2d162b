import Foundation
import Hummingbird
import HummingbirdTesting
import Results
import TuningKit
import XCTest

@testable import DashboardServer

/// The dashboard's endpoints on a small finished campaign: the page, the JSON, manual trials (bad input
/// is a 400 naming the field; a good one is recorded apart from the agents' trials), and nothing served by
/// path.
final class EndpointTests: XCTestCase {
    private static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "satune-dashboard-\(UUID().uuidString)")
    private var folder: URL!

    override func setUpWithError() throws {
        folder = Self.scratch.appendingPathComponent(UUID().uuidString)
        try Satune.run(
            manifest: """
                name: dashboard-test
                seeds: 2
                budget: 5
                output: \(folder.path)
                environments:
                  - {type: simulator, name: sim, workload: oltp-write, knobs: 4}
                  - {type: branin}
                agents:
                  - type: random-search
                  - type: sample-aware-ddpg
                """)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: Self.scratch) }

    private func dashboard() throws -> Dashboard { try Dashboard(DashboardOptions(folder: folder.path)) }

    func testThePageHasTheFormAndFetchesNothingFromElsewhere() async throws {
        try await dashboard().application().test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            XCTAssertEqual(response.status, .ok)
            let page = String(buffer: response.body)
            XCTAssert(page.contains("<form"))
            XCTAssert(page.contains("EventSource(\"/events"))
            XCTAssertNil(page.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression))
        }
    }

    func testTheSummaryCountsRunsAndTrials() async throws {
        try await dashboard().application().test(.router) { client in
            let response = try await client.execute(uri: "/api/summary", method: .get)
            XCTAssertEqual(response.status, .ok)
            let summary = try XCTUnwrap(json(response.body) as? [String: Any])
            XCTAssertEqual(summary["experiment"] as? String, "dashboard-test")
            XCTAssertEqual(summary["cells_total"] as? Int, 8)
            XCTAssertEqual(summary["cells_done"] as? Int, 8)
            XCTAssertEqual(summary["trials"] as? Int, 48)
            XCTAssertEqual(
                (summary["environments"] as? [[String: Any]])?.map { $0["label"] as? String }, ["sim", "branin"])
        }
    }

    func testTheTrialsOfOneRunCarryTheirDecisionsKnobsAndMetrics() async throws {
        try await dashboard().application().test(.router) { client in
            let all = try await client.execute(uri: "/api/trials", method: .get)
            XCTAssertEqual((try json(all.body) as? [Any])?.count, 48)
            let one = try await client.execute(
                uri: "/api/trials?environment=sim&agent=sample-aware-ddpg&seed=2", method: .get)
            let rows = try XCTUnwrap(json(one.body) as? [[String: Any]])
            XCTAssertEqual(rows.map { $0["step"] as? Int }, [0, 1, 2, 3, 4, 5])
            XCTAssertNotNil((rows[1]["decision"] as? [String: Any])?["kind"])
            XCTAssertEqual((rows[1]["knobs"] as? [String: String])?.count, 4)
            XCTAssertFalse((rows[1]["metrics"] as? [String: Double] ?? [:]).isEmpty)
        }
    }

    func testTheKnobsOfAnEnvironment() async throws {
        try await dashboard().application().test(.router) { client in
            let response = try await client.execute(uri: "/api/knobs?environment=sim", method: .get)
            XCTAssertEqual(response.status, .ok)
            let knobs = try XCTUnwrap(json(response.body) as? [[String: Any]])
            let buffers = try XCTUnwrap(knobs.first { $0["name"] as? String == "shared_buffers" })
            XCTAssertEqual(buffers["unit"] as? String, "8kB")
            XCTAssertEqual(buffers["default"] as? String, "16384")
            let unknown = try await status("/api/knobs?environment=nope", client)
            XCTAssertEqual(unknown, .notFound)
            let missing = try await status("/api/knobs", client)
            XCTAssertEqual(missing, .badRequest)
        }
    }

    func testABadValueIsA400NamingTheFieldAndRecordsNothing() async throws {
        try await dashboard().application().test(.router) { client in
            for (body, field) in [
                (#"{"environment": "sim", "knobs": {"shared_buffers": "lots"}}"#, "shared_buffers"),
                (#"{"environment": "sim", "knobs": {"shared_buffers": 99999999999}}"#, "shared_buffers"),
                (#"{"environment": "sim", "knobs": {"fsync_please": "on"}}"#, "fsync_please"),
                (#"{"environment": "elsewhere", "knobs": {}}"#, "environment"),
                (#"{"knobs": {}}"#, "request"),
                ("not json", "request"),
            ] {
                let response = try await post(body, client)
                XCTAssertEqual(response.status, .badRequest, body)
                let errors = try XCTUnwrap((json(response.body) as? [String: Any])?["errors"] as? [String: String])
                XCTAssertNotNil(errors[field], "\(body): \(errors)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("manual-trials.csv").path))
    }

    func testAGoodValueIsEvaluatedAndRecordedApartFromTheAgentsTrials() async throws {
        let trials = try Data(contentsOf: folder.appendingPathComponent("trials.csv"))
        try await dashboard().application().test(.router) { client in
            let response = try await post(
                #"{"environment": "sim", "knobs": {"shared_buffers": "4GB", "work_mem": 65536}}"#, client)
            XCTAssertEqual(response.status, .ok, String(buffer: response.body))
            let answer = try XCTUnwrap(json(response.body) as? [String: Any])
            let trial = try XCTUnwrap(answer["trial"] as? [String: Any])
            XCTAssertEqual(trial["agent"] as? String, "manual")
            XCTAssertEqual((trial["knobs"] as? [String: String])?["shared_buffers"], "524288")
            XCTAssertNotNil(trial["objective"] as? Double)
            XCTAssertNotNil((answer["default"] as? [String: Any])?["objective"] as? Double)
            XCTAssertNotNil((answer["best"] as? [String: Any])?["objective"] as? Double)
            let second = try await post(#"{"environment": "branin", "knobs": {"x1": 1.5}}"#, client)
            XCTAssertEqual(second.status, .ok, String(buffer: second.body))
        }
        let manual = try CSVText.read(folder.appendingPathComponent("manual-trials.csv"))
        XCTAssertEqual(manual.rows.count, 2)
        XCTAssertEqual(manual.rows.map { $0[manual.header.firstIndex(of: "agent")!] }, ["manual", "manual"])
        XCTAssertEqual(manual.rows.map { $0[manual.header.firstIndex(of: "step")!] }, ["1", "2"])
        XCTAssertEqual(manual.rows[0][manual.header.firstIndex(of: "knob.shared_buffers")!], "524288")
        XCTAssertEqual(
            try Data(contentsOf: folder.appendingPathComponent("trials.csv")), trials, "trials.csv untouched")
        XCTAssertNoThrow(try CampaignResults.load(ResultsFolder(folder)), "the folder is still satune's")
    }

    func testAnotherSitesPageCannotEvaluateConfigurations() async throws {
        try await dashboard().application().test(.router) { client in
            let body = ByteBuffer(string: #"{"environment": "sim", "knobs": {}}"#)
            let plain = try await client.execute(
                uri: "/api/trials", method: .post, headers: [.contentType: "text/plain"], body: body)
            XCTAssertEqual(plain.status, .forbidden, "a form or a no-preflight fetch from elsewhere")
            let foreign = try await client.execute(
                uri: "/api/trials", method: .post,
                headers: [.contentType: "application/json", .origin: "http://evil.example"],
                body: body)
            XCTAssertEqual(foreign.status, .forbidden)
            let same = try await client.execute(
                uri: "/api/trials", method: .post,
                headers: [.contentType: "application/json", .origin: "http://localhost"],
                body: body)
            XCTAssertEqual(same.status, .ok)
        }
    }

    func testQueriesAreChecked() async throws {
        try await dashboard().application().test(.router) { client in
            let unknown = try await status("/api/trials?environment=nope", client)
            XCTAssertEqual(unknown, .notFound)
            let badSeed = try await status("/api/trials?environment=sim&seed=abc", client)
            XCTAssertEqual(badSeed, .badRequest)
        }
    }

    func testNothingIsServedByPath() async throws {
        try await dashboard().application().test(.router) { client in
            for uri in ["/static/../../../../etc/passwd", "/manifest.yaml", "/trials.csv", "/../run.json"] {
                let code = try await status(uri, client)
                XCTAssertEqual(code, .notFound, uri)
            }
        }
    }

    func testLoopbackOnlyByDefaultAndAFolderThatIsNotOneIsRefused() throws {
        let options = DashboardOptions(folder: folder.path)
        XCTAssertEqual(options.host, "127.0.0.1")
        XCTAssert(options.loopbackOnly)
        var open = options
        open.host = "0.0.0.0"
        XCTAssertFalse(open.loopbackOnly)
        XCTAssertThrowsError(try Dashboard(DashboardOptions(folder: Self.scratch.path))) { error in
            XCTAssert("\(error)".contains("is not a results folder"), "\(error)")
        }
    }
}

private func json(_ buffer: ByteBuffer) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
}

private func post(_ body: String, _ client: some TestClientProtocol) async throws -> TestResponse {
    try await client.execute(
        uri: "/api/trials", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
}

private func status(_ uri: String, _ client: some TestClientProtocol) async throws -> HTTPResponse.Status {
    try await client.execute(uri: uri, method: .get).status
}
