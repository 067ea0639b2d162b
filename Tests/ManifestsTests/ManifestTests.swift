import Manifests
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
        let json =
            #"{"name": "j", "seeds": 3, "budget": 4, "environments": [{"type": "simulator", "noise": 0.1}], "agents": [{"type": "random-search"}], "output": "/tmp/j"}"#
        let manifest = try Manifest.parse(json)
        XCTAssertEqual(manifest.seeds, [1, 2, 3])
        XCTAssertEqual(manifest.output, "/tmp/j")
    }

    func testQuotedBooleansReadAsPlainOnesLikeQuotedNumbers() throws {
        let quoted = valid.replacingOccurrences(of: "budget: 5", with: "budget: \"5\"")
            .replacingOccurrences(
                of: "sampling: latin-hypercube",
                with: "sampling: latin-hypercube\n  - {type: bayesian, trust_region: \"false\"}")
        let manifest = try Manifest.parse(quoted)
        XCTAssertEqual(manifest.budget, 5)
        XCTAssertEqual(manifest.agents.last?.parameters["trust_region"], "false")
        let bad = quoted.replacingOccurrences(of: "\"false\"", with: "\"maybe\"")
        XCTAssertEqual(problems(bad).count, 1)
        XCTAssert(problems(bad)[0].contains("trust_region: expected true or false, got \"maybe\""), "\(problems(bad))")
    }

    func testUnknownTypeNamesTheFieldAndTheKnownTypes() {
        let text = valid.replacingOccurrences(
            of: "sampling: latin-hypercube", with: "sampling: latin-hypercube\n  - type: ddpgg")
        XCTAssertEqual(
            problems(text),
            [
                #"line 10: agents[2].type: unknown agent type "ddpgg"; known: random-search, ddpg, sample-aware-ddpg, bayesian, external, smac, optuna-tpe, llamatune"#
            ])
    }

    func testBudgetErrors() {
        XCTAssertEqual(
            problems(valid.replacingOccurrences(of: "budget: 5", with: "budget: ten")),
            [#"line 3: budget: expected a positive integer up to 1000000, got "ten""#])
        XCTAssertEqual(
            problems(valid.replacingOccurrences(of: "budget: 5", with: "budget: -5")),
            ["line 3: budget: expected a positive integer up to 1000000, got -5"])
        XCTAssertEqual(
            problems(valid.replacingOccurrences(of: "budget: 5\n", with: "")),
            ["line 1: missing required key 'budget' (a positive integer up to 1000000)"])
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
        XCTAssert(
            found.contains { $0.hasPrefix("line 7: environments[0].noise: expected a number in 0.0...1.0, got 7") })
        XCTAssert(found.contains { $0.hasPrefix("line 8: agents: expected a non-empty list") })
    }

    func testMalformedAndEmptyDocuments() {
        let malformed = problems("name: [unclosed\n")
        XCTAssertEqual(malformed.count, 1)
        XCTAssert(malformed[0].contains("malformed YAML"), malformed[0])
        XCTAssert(malformed[0].hasPrefix("line "), malformed[0])
        // A key given twice, or a control character: one line naming the place, not the parser's dump.
        let twice = problems("# budget\nname: t\nbudget: 3\nseeds: 1\nbudget: 4\n")
        XCTAssertEqual(twice, ["line 5: the key \"budget\" is given twice in one mapping; give each key once"])
        let control = problems("name: t\nseeds: 1\u{01}\n")
        XCTAssertEqual(control.count, 1)
        XCTAssert(control[0].hasPrefix("line 2: malformed YAML: control characters are not allowed"), control[0])
        XCTAssertFalse(control[0].contains("\n"), control[0])
        XCTAssertEqual(problems(""), ["the manifest is empty; expected keys name, seeds, budget, environments, agents"])
        XCTAssertEqual(
            problems("- 1\n- 2\n"),
            ["line 1: expected a mapping with the keys name, seeds, budget, environments, agents"])
    }

    func testDuplicateLabelsAreRejected() {
        let text = valid.replacingOccurrences(of: "    sampling: latin-hypercube", with: "    sampling: uniform")
        XCTAssertEqual(
            problems(text), [#"agents[1]: another agent is also named "random-search"; give each a distinct 'name'"#])
    }

    func testMissingFile() {
        XCTAssertThrowsError(try Manifest.load(path: "/no/such/manifest.yaml")) { error in
            XCTAssertEqual("\(error)", "/no/such/manifest.yaml: no such file")
        }
    }

    func testNamesStayInsideTheResultsFolder() {
        for name in [
            "\".\"", "\"..\"", "\"a/b\"", "\"x\\n\"", "\"tab\\there\"", "\"é\"",
            "\"\(String(repeating: "a", count: 101))\"",
        ] {
            let text = valid.replacingOccurrences(of: "name: t", with: "name: \(name)")
            XCTAssertEqual(problems(text).count, 1, name)
            XCTAssertTrue(
                problems(text).first?.contains("name: expected at most 100 letters") ?? false,
                "\(name): \(problems(text))")
        }
        XCTAssertTrue(
            problems(valid.replacingOccurrences(of: "name: t", with: "name: \"x\\n\"")).first!.contains(
                #"got "x\u{a}""#))
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "name: t", with: "name: run-2.b_c")), [])
    }

    func testSeedCountsAndBudgetsHaveCapsCheckedWithoutAllocating() {
        XCTAssertEqual(
            problems(valid.replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: 10000000000")),
            ["line 2: seeds: expected a positive count of at most 100000 seeds or a list of integers, got 10000000000"])
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: 100001")).count, 1)
        XCTAssertEqual(
            problems(valid.replacingOccurrences(of: "seeds: [1, 2]", with: "seeds: 99999999999999999999999")).count, 1)
        XCTAssertEqual(problems(valid.replacingOccurrences(of: "budget: 5", with: "budget: 1000001")).count, 1)
    }

    func testAnOutputThatCannotHoldResultsIsRefusedByValidate() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("satune-output-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("afile")
        try Data("keep".utf8).write(to: file)
        func output(_ path: String) -> [String] { problems(valid + "\noutput: \(path)") }
        XCTAssertEqual(output("/"), ["line 10: output: / is the root folder; results need a folder of their own"])
        XCTAssertEqual(output(file.path), ["line 10: output: \(file.path) is a file, not a folder"])
        XCTAssertEqual(
            output(file.path + "/sub"), ["line 10: output: \(file.path)/sub is under \(file.path), which is a file"])
        XCTAssertTrue(
            output(scratch.path).first?.contains("holds files satune did not write (afile)") ?? false,
            "\(output(scratch.path))")
        XCTAssertEqual(output(scratch.appendingPathComponent("new/results").path), [])
    }

    func testAByteOrderMarkAndAFolderAsManifest() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satune-bom-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(("\u{FEFF}" + valid).utf8).write(to: file)
        XCTAssertEqual(try Manifest.load(path: file.path).name, "t")
        XCTAssertThrowsError(try Manifest.load(path: FileManager.default.temporaryDirectory.path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("is a folder, not a manifest file"), "\(error)")
        }
    }

    func testAWorkloadProblemIsFoundByValidate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satune-workload-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.sql")
        try Data("-- @setup\nCREATE TABLE t(x);\n-- @run\n-- nothing\n".utf8).write(to: empty)
        let pragmas = folder.appendingPathComponent("pragmas.sql")
        try Data("-- @run\nPRAGMA threads = 0;\nSELECT 1;\n".utf8).write(to: pragmas)
        func sqlite(_ workload: String, _ extra: String = "") -> String {
            "name: s\nseeds: 1\nbudget: 2\nenvironments:\n  - type: sqlite\n    workload: \(workload)\n\(extra)agents:\n  - type: random-search\n"
        }
        XCTAssertTrue(
            problems(sqlite(empty.path)).first?.contains("the '-- @run' section has no statements") ?? false,
            "\(problems(sqlite(empty.path)))")
        XCTAssertTrue(problems(sqlite(folder.path)).first?.contains("is a folder, not a workload file") ?? false)
        let warned = try Manifest.parse(sqlite(pragmas.path))
        XCTAssertEqual(warned.warnings.count, 1)
        XCTAssertTrue(
            warned.warnings[0].description.contains("pragmas.sql:2: the workload sets PRAGMA threads itself"),
            "\(warned.warnings)")
        XCTAssertTrue(
            problems(sqlite(pragmas.path, "    knobs: [threads]\n")).first?.contains("leave threads out of the knobs")
                ?? false)
    }
}

/// The shipped peer adapters need their Python environment: without it, a manifest naming one is refused
/// with the command to run.
final class PeerManifestTests: XCTestCase {
    func testAPeerAdapterWithoutItsEnvironmentSaysToRunMakePeers() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("satune-peers-\(UUID())")
        try FileManager.default.createDirectory(
            at: empty.appendingPathComponent("peers"), withIntermediateDirectories: true)
        try Data("smac==2.4.1\n".utf8).write(to: empty.appendingPathComponent("peers/requirements.txt"))
        defer { try? FileManager.default.removeItem(at: empty) }
        setenv("SATUNE_PEERS", empty.path, 1)
        defer { unsetenv("SATUNE_PEERS") }
        XCTAssertThrowsError(
            try Manifest.parse(
                "name: p\nseeds: 1\nbudget: 2\nenvironments: [{type: branin}]\nagents: [{type: smac}, {type: external, command: [x]}]\n"
            )
        ) { error in
            XCTAssertTrue("\(error)".contains("agents[0]: smac: the peer tuners' Python environment"), "\(error)")
            XCTAssertTrue("\(error)".contains("run `make peers`"), "\(error)")
            XCTAssertFalse("\(error)".contains("agents[1]"), "an external agent needs no environment: \(error)")
        }
    }
}
