import Experiments
import XCTest

final class ManifestTests: XCTestCase {
    let valid = """
    name: t
    seeds: [1, 2]
    budget: 5
    environments:
      - type: simulator
    agents:
      - type: random-search
      - type: random-search
        sampling: latin-hypercube
    """

    private func problems(_ text: String) -> [String] {
        do {
            _ = try Manifest.parse(text, file: "m.yaml")
            return []
        } catch let error as ManifestError {
            return error.issues.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    func testValidManifest() throws {
        let manifest = try Manifest.parse(valid)
        XCTAssertEqual(manifest.name, "t")
        XCTAssertEqual(manifest.seeds, [1, 2])
        XCTAssertEqual(manifest.budget, 5)
        XCTAssertEqual(manifest.output, "Results/t")
        XCTAssertEqual(manifest.agents.map(\.label), ["random-search", "random-search-lhs"])
    }

    func testJSONIsAccepted() throws {
        let json = #"{"name": "j", "seeds": 3, "budget": 4, "environments": [{"type": "simulator", "noise": 0.1}], "agents": [{"type": "random-search"}], "output": "/tmp/j"}"#
        let manifest = try Manifest.parse(json)
        XCTAssertEqual(manifest.seeds, [1, 2, 3])
        XCTAssertEqual(manifest.output, "/tmp/j")
    }

    func testUnknownTypeNamesTheFieldAndTheKnownTypes() {
        let text = valid.replacingOccurrences(of: "sampling: latin-hypercube", with: "sampling: latin-hypercube\n  - type: ddpgg")
        XCTAssertEqual(problems(text), [#"line 10: agents[2].type: unknown agent type "ddpgg"; known: random-search, ddpg, sample-aware-ddpg, bayesian"#])
    }

    func testBudgetErrors() {
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "budget: 5", with: "budget: ten")),
                       [#"line 3: budget: expected a positive integer, got "ten""#])
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "budget: 5", with: "budget: -5")),
                       ["line 3: budget: expected a positive integer, got -5"])
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "budget: 5\n", with: "")),
                       ["line 1: missing required key 'budget' (a positive integer)"])
    }

    func testEveryProblemIsReported() {
        let text = """
        name: bad name
        seeds: [1, 1]
        budget: 0
        budjet: 3
        environments:
          - type: simulator
            noise: 7
        agents: []
        """
        let found = problems(text)
        XCTAssertEqual(found.count, 6, found.joined(separator: "\n"))
        XCTAssert(found.contains { $0.hasPrefix("line 1: name:") })
        XCTAssert(found.contains { $0.hasPrefix("line 2: seeds: seeds must be distinct") })
        XCTAssert(found.contains { $0.hasPrefix("line 3: budget:") })
        XCTAssert(found.contains { $0.hasPrefix("line 4: budjet: unknown key") })
        XCTAssert(found.contains { $0.hasPrefix("line 7: environments[0].noise: expected a number in 0.0...1.0, got 7") })
        XCTAssert(found.contains { $0.hasPrefix("line 8: agents: expected a non-empty list") })
    }

    func testMalformedAndEmptyDocuments() {
        let malformed = problems("name: [unclosed\n")
        XCTAssertEqual(malformed.count, 1)
        XCTAssert(malformed[0].contains("malformed YAML"), malformed[0])
        XCTAssert(malformed[0].hasPrefix("line "), malformed[0])
        XCTAssertEqual(problems(""), ["the manifest is empty; expected keys name, seeds, budget, environments, agents"])
        XCTAssertEqual(problems("- 1\n- 2\n"), ["line 1: expected a mapping with the keys name, seeds, budget, environments, agents"])
    }

    func testDuplicateLabelsAreRejected() {
        let text = valid.replacingOccurrences(of: "    sampling: latin-hypercube", with: "    sampling: uniform")
        XCTAssertEqual(problems(text), [#"agents[1]: another agent is also named "random-search"; give each a distinct 'name'"#])
    }

    func testMissingFile() {
        XCTAssertThrowsError(try Manifest.load(path: "/no/such/manifest.yaml")) { error in
            XCTAssertEqual("\(error)", "/no/such/manifest.yaml: no such file")
        }
    }
}
