import Foundation
import TestSupport
import XCTest

/// Each command's main error paths: exit status 1 (64 for a command line the parser cannot read) and one
/// message that names the file, field or option and what to do, with no Foundation error dump.
final class CommandErrorTests: XCTestCase {
    private func assertError(
        _ arguments: [String], status: Int32 = 1, says expected: String, in folder: URL? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try CLI.run(arguments, in: folder)
        XCTAssertEqual(
            result.status, status, "satune \(arguments.joined(separator: " ")): \(result.errors)", file: file,
            line: line)
        XCTAssertTrue(
            result.errors.contains(expected), "satune \(arguments.joined(separator: " ")) said: \(result.errors)",
            file: file, line: line)
        for dump in ["NSCocoaErrorDomain", "Error Domain=", "Code="] {
            XCTAssertFalse(result.errors.contains(dump), result.errors, file: file, line: line)
        }
    }

    func testManifestErrorsNameTheFileFieldAndLine() throws {
        let scratch = Scratch()
        let bad = try scratch.write(
            "m.yaml", "name: t\nseeds: 2\nbudget: ten\nenvironments: [{type: branin}]\nagents: [{type: ddpgg}]\n")
        try assertError(["validate", bad], says: "m.yaml: 2 problems")
        try assertError(
            ["validate", bad], says: "line 3: budget: expected a positive integer up to 1000000, got \"ten\"")
        try assertError(["validate", bad], says: "unknown agent type \"ddpgg\"")
        try assertError(["run", bad], says: "line 3: budget")
        try assertError(["validate", scratch.path("missing.yaml")], says: "missing.yaml: no such file")
        try assertError(["validate", scratch.url.path], says: "is a folder, not a manifest file")
    }

    func testRunRefusesAFolderThatIsNotItsOwn() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        _ = try scratch.write("out/notes.txt", "mine")
        let manifest = try scratch.write(
            "m.yaml",
            "name: t\nseeds: 1\nbudget: 2\noutput: \(scratch.path("out"))\nenvironments: [{type: branin}]\nagents: [{type: random-search}]\n"
        )
        try assertError(["run", manifest], says: "holds files satune did not write (notes.txt)")
        try assertError(["run", manifest, "--shard", "3/2"], status: 64, says: "expected i/n with 1 <= i <= n")
        try assertError(["run", manifest, "--jobs", "0"], says: "--jobs must be at least 1")
    }

    func testSlurmRefusesWhatSbatchWouldNotRunOrWhatWouldDealTheRunsTwice() throws {
        let scratch = Scratch()
        let manifest = try scratch.write(
            "m.yaml",
            "name: t\nseeds: 3\nbudget: 2\noutput: \(scratch.path("out"))\nenvironments: [{type: branin}]\nagents: [{type: random-search}]\n"
        )
        try assertError(["slurm", manifest, "--tasks", "2", "--time", "1:2:3:4"], says: "--time 1:2:3:4: expected")
        try assertError(["slurm", manifest, "--tasks", "2", "--partition", "a\"b"], says: "expected a partition name")
        try assertError(
            ["slurm", manifest, "--tasks", "2", "--satune", scratch.path("none")], says: "not an executable file")
        XCTAssertEqual(try CLI.run(["run", manifest, "--shard", "1/3"]).status, 0)
        try assertError(["slurm", manifest, "--tasks", "2"], says: "holds shards of 3 tasks")
        let same = try CLI.run(["slurm", manifest, "--tasks", "3"])
        XCTAssertEqual(same.status, 0, same.errors)
    }

    func testAConfigurationThatFailsSaysWhyFirstAndExitsWithOne() throws {
        let tried = try CLI.run(["try", "simulator", "--hardware", "small", "--knob", "shared_buffers=7GB"])
        XCTAssertEqual(tried.status, 1, tried.errors)
        XCTAssertTrue(
            tried.output.hasPrefix("shared_buffers=7GB failed: database did not start: shared memory of"),
            tried.output)
        XCTAssertTrue(tried.errors.contains("shared_buffers=7GB failed (the reason is above the table)"), tried.errors)
    }

    func testCommandLineChecksComeBeforeAnyWork() throws {
        let scratch = Scratch()
        let file = try scratch.write("afile", "keep")
        try assertError(
            ["try", "simulator", "--knob", "shared_buffers=1GB", "--knob", "shared_buffers=2GB"],
            says: "--knob shared_buffers is given twice")
        try assertError(["try", "simulator", "--knob", "shared_buffers"], says: "expected name=value")
        try assertError(["try", "nosuch"], says: "unknown environment type \"nosuch\"; known: simulator")
        try assertError(["try", "simulator", "--warmup", "3"], says: "--warmup does not apply to simulator")
        try assertError(["try", "sqlite"], says: "sqlite needs --workload")
        try assertError(["try", "simulator", "--hardware", "nosuch"], says: "--hardware: ")
        try assertError(["try", "simulator", "--knob", "shared_buffers=40TB"], says: "shared_buffers")
        try assertError(["replay", scratch.path("none.sql")], says: "no workload file")
        try assertError(["replay", "oltp", "--repetitions", "0"], says: "--repetitions must be 1 to 50")
        for timeout in ["inf", "nan"] {
            try assertError(
                ["replay", "oltp", "--timeout", timeout], says: "--timeout must be a finite, positive number of seconds"
            )
            try assertError(
                ["calibrate", "oltp", "--setup-timeout", timeout, "--output", scratch.path("t.json")],
                says: "--setup-timeout must be a finite, positive number of seconds")
        }
        try assertError(
            ["calibrate", "oltp", "--knobs", "", "--output", scratch.path("k.json")],
            says: "--knobs \"\": expected knob names separated by commas")
        try assertError(
            ["calibrate", "oltp", "--samples", "100000000", "--output", scratch.path("k.json")],
            says: "--samples must be 2 to 2000")
        try assertError(
            ["replay", "oltp", "--timeout", "2e10"], says: "--timeout for SQLite is 0.001 to 86400 seconds")
        let started = Date()
        try assertError(
            ["calibrate", "oltp", "--samples", "5", "--output", file + "/m.json"],
            says: "--output \(file)/m.json: \(file) is a file, not a folder")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "calibrate checks its output before measuring")
        try assertError(["list", "knobs", "nosuch"], says: "unknown environment type")
        try assertError(["bench", "nosuch"], status: 64, says: "nosuch")
    }

    func testResultsCommandsOnFoldersThatAreNotResults() throws {
        let scratch = Scratch()
        let file = try scratch.write("afile", "keep")
        try assertError(["status", scratch.path("none")], says: "is not a results folder")
        try assertError(["report", scratch.path("none")], says: "is not a results folder")
        try assertError(["report", file], says: "is not a results folder")
        try assertError(["merge", scratch.path("m"), scratch.path("none")], says: "is not a shard folder")
    }
}

/// The smaller problems of the second hostile pass: each said plainly, and nothing left behind.
final class SecondPassErrorTests: XCTestCase {
    private func manifest(_ scratch: Scratch, name: String = "t", output: String, extra: String = "") throws -> String {
        try scratch.write(
            "\(name).yaml",
            "name: \(name)\nseeds: 1\nbudget: 2\noutput: \(output)\nenvironments: [{type: branin}]\n"
                + "agents: [{type: random-search\(extra)}]\n")
    }

    func testValidateRefusesWhatRunWouldRefuse() throws {
        let scratch = Scratch()
        let output = scratch.path("out")
        XCTAssertEqual(try CLI.run(["run", try manifest(scratch, name: "first", output: output)]).status, 0)
        let other = try manifest(scratch, name: "second", output: output)
        for command in ["validate", "run"] {
            let result = try CLI.run([command, other])
            XCTAssertEqual(result.status, 1, result.errors)
            XCTAssertTrue(result.errors.contains("holds the results of campaign first"), result.errors)
        }
        let own = try manifest(scratch, name: "first", output: output, extra: ", transfer_from: \(output)")
        let result = try CLI.run(["validate", own])
        XCTAssertEqual(result.status, 1, result.errors)
        XCTAssertTrue(result.errors.contains("is this campaign's own output folder"), result.errors)
    }

    func testLongValuesAreShortenedAndEmptyListsSaidSo() throws {
        let scratch = Scratch()
        let long = String(repeating: "x", count: 100_000)
        let named = try scratch.write(
            "long.yaml",
            "name: \(long)\nseeds: []\nbudget: 2\nenvironments: [{type: branin}]\nagents: [{type: random-search, name: \(long)}]\n"
        )
        let result = try CLI.run(["validate", named])
        XCTAssertEqual(result.status, 1)
        XCTAssertLessThan(result.errors.utf8.count, 2_000, "the errors repeat the long values shortened")
        XCTAssertTrue(result.errors.contains("(100000 characters)"), result.errors)
        XCTAssertTrue(result.errors.contains("expected a label of at most 100 characters"), result.errors)
        XCTAssertTrue(result.errors.contains("got an empty list"), result.errors)
    }

    func testARefusedRunLeavesNoLockInAFolderOfLookalikes() throws {
        let scratch = Scratch()
        let output = scratch.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        _ = try scratch.write("out/trials.csv", "my own trials\n")
        let result = try CLI.run(["run", try manifest(scratch, output: output.path)])
        XCTAssertEqual(result.status, 1, result.errors)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output.path), ["trials.csv"])
    }

    func testVersionAndNegativeFlagValues() throws {
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.output.hasPrefix("satune "), version.output)
        for (arguments, expected) in [
            (
                ["replay", "oltp", "--timeout", "-1"],
                "--timeout must be a finite, positive number of seconds, got -1.0"
            ),
            (
                ["replay", "oltp", "--timeout", "1e9"],
                "building the database from @setup is limited by --setup-timeout"
            ),
            (["try", "simulator", "--knob", "shared_buffers=-5"], "-5 is outside the range"),
            (["run", "m.yaml", "--jobs", "-2"], "--jobs must be at least 1, got -2"),
        ] {
            let result = try CLI.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.errors)")
            XCTAssertTrue(result.errors.contains(expected), "\(arguments): \(result.errors)")
        }
    }
}
