import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// An agent in another process in a campaign: its standard error in the run's folder, and a resumed run that
/// tells it the recorded trials instead of asking for them again.
final class ExternalAgentCampaignTests: XCTestCase {
    func testAResumedExternalRunIsToldItsRecordedTrials() throws {
        let scratch = Scratch()
        let heard = scratch.path("heard.txt")
        let script = try scratch.write(
            "agent.py",
            """
            import json, random, sys
            def send(o): sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
            heard = open(\(String(reflecting: heard)), "a")
            for line in sys.stdin:
                m = json.loads(line)
                heard.write(m["type"] + (" %d" % m["step"] if m["type"] == "tell" else "") + "\\n"); heard.flush()
                if m["type"] == "hello":
                    knobs, rng = m["knobs"], random.Random(m["seed"]); send({"type": "ready", "name": "heard"})
                elif m["type"] == "tell": send({"type": "ok"})
                elif m["type"] == "ask":
                    send({"type": "configuration", "knobs": {k["name"]: rng.uniform(k["lower"], k["upper"]) for k in knobs}})
                elif m["type"] == "bye":
                    sys.stderr.write("bye\\n"); sys.exit(0)
            """)
        let manifest = try Manifest.parse(
            """
            name: external-resume
            seeds: [1]
            budget: 6
            output: \(scratch.path("out"))
            environments: [{type: branin}]
            agents: [{type: external, name: heard, command: [python3, \(script)], timeout: 30}]
            """)
        _ = try CampaignRunner(manifest: manifest).run()
        XCTAssertEqual(
            try String(contentsOfFile: heard, encoding: .utf8),
            "hello\ntell 0\n" + (1...6).map { "ask\ntell \($0)\n" }.joined() + "bye\n")
        XCTAssertEqual(
            try String(contentsOfFile: scratch.path("out/agents/branin--heard--1.log"), encoding: .utf8), "bye\n",
            "the agent's standard error is in the run's folder")

        // Interrupted after step 3: the rows of steps 4 to 6 gone.
        let trials = URL(fileURLWithPath: scratch.path("out/trials.csv"))
        let lines = try String(contentsOf: trials, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(5).joined(separator: "\n") + "\n").utf8).write(to: trials)
        try FileManager.default.removeItem(atPath: heard)
        let resumed = try CampaignRunner(manifest: manifest).run()
        XCTAssertEqual(resumed.newTrials, 3)
        XCTAssertEqual(
            try String(contentsOfFile: heard, encoding: .utf8),
            "hello\n" + (0...3).map { "tell \($0)\n" }.joined() + (4...6).map { "ask\ntell \($0)\n" }.joined()
                + "bye\n",
            "the recorded trials are told, not asked for")
    }
}
