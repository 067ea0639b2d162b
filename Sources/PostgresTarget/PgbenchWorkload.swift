import Foundation
import TuningKit

/// What the clients do to the server while a configuration is measured: one of pgbench's built-in
/// scripts on its TPC-B-like tables, or a custom pgbench script, and the shape of the load.
///
/// A custom workload is a file. Without section markers it is a pgbench script run on pgbench's own tables
/// (`pgbench -i -s scale`). With a `-- @setup` line and a `-- @run` line, the `@setup` section is SQL that
/// builds the database once (run by `psql`, stopping at the first error, instead of `pgbench -i`) and the
/// `@run` section is the pgbench script. Errors name the file and its line.
public struct PgbenchWorkload: Sendable, Equatable {
    /// pgbench's built-in scripts (`pgbench -b`).
    public static let builtIn = ["tpcb-like", "simple-update", "select-only"]

    /// The script pgbench runs.
    public enum Script: Sendable, Equatable {
        case builtIn(String)
        /// A custom file: its path, the `@setup` SQL and the `@run` pgbench script, each padded with empty lines
        /// so that line numbers in messages are the file's own.
        case custom(path: String, setup: String?, run: String)
    }

    public var script: Script
    /// pgbench's scale factor: 100,000 accounts per unit (about 15 MB).
    public var scale = 10
    /// Concurrent client sessions, and pgbench threads driving them.
    public var clients = 4
    public var threads = 2
    /// Seconds of each timed run (`pgbench -T`); ignored when `transactions` is set.
    public var duration = 10
    /// Transactions per client of each timed run (`pgbench -t`), instead of a duration.
    public var transactions: Int?

    public init(script: Script) { self.script = script }

    /// A built-in script by name, or a custom script file read now.
    public static func script(named name: String) throws -> Script {
        if builtIn.contains(name) { return .builtIn(name) }
        guard FileManager.default.fileExists(atPath: name) else {
            throw PostgresError(
                "no workload \(name) (one of \(builtIn.joined(separator: ", ")), or a pgbench script file"
                    + "\(Files.lookedFor(name)))")
        }
        guard let data = FileManager.default.contents(atPath: name), var text = String(data: data, encoding: .utf8)
        else {
            throw PostgresError("\(name): cannot be read as a UTF-8 text file (a pgbench script is expected)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, path: name)
    }

    /// Splits a custom file into its sections.
    static func parse(_ text: String, path: String) throws -> Script {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = { (line: String) in line.trimmingCharacters(in: .whitespaces).lowercased() }
        let setupLine = lines.firstIndex { marker($0) == "-- @setup" }
        let runLine = lines.firstIndex { marker($0) == "-- @run" }
        func section(_ range: Range<Int>) -> String {
            lines.indices.map { range.contains($0) ? lines[$0] : "" }.joined(separator: "\n") + "\n"
        }
        func hasCommands(_ section: String) -> Bool {
            section.split(separator: "\n").contains {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return !line.isEmpty && !line.hasPrefix("--")
            }
        }
        let setup: String?, run: String
        switch (setupLine, runLine) {
        case (nil, nil):
            setup = nil
            run = section(lines.indices)
        case (let s?, let r?) where s < r:
            if let stray = lines[..<s].firstIndex(where: { hasCommands($0) }) {
                throw PostgresError("\(path):\(stray + 1): text before the -- @setup line")
            }
            setup = section((s + 1)..<r)
            run = section((r + 1)..<lines.count)
        case (nil, let r?):
            throw PostgresError("\(path):\(r + 1): a -- @run line without a -- @setup line before it")
        case (let s?, _):
            throw PostgresError("\(path):\(s + 1): a -- @setup line needs a -- @run line after it")
        }
        guard hasCommands(run) else {
            throw PostgresError("\(path): the pgbench script is empty; it would measure nothing")
        }
        return .custom(path: path, setup: setup, run: run)
    }

    /// The workload's name in labels and cache file names.
    public var name: String {
        switch script {
        case .builtIn(let name): name
        case .custom(let path, _, _): URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }
    }

    /// What the pristine database depends on: the scale with pgbench's tables, or the `@setup` text.
    var buildIdentity: String {
        switch script {
        case .builtIn, .custom(_, nil, _): "pgbench-init scale \(scale)"
        case .custom(_, let setup?, _): "setup " + setup
        }
    }

    /// pgbench's arguments for the script and the load, without the connection: a timed run (`-T duration`
    /// or `-t transactions`), or a warm-up of `warmupSeconds`.
    func arguments(scriptFile: URL, warmupSeconds: Int? = nil) -> [String] {
        var arguments = ["-n", "-c", String(clients), "-j", String(min(threads, clients))]
        if let warmupSeconds {
            arguments += ["-T", String(warmupSeconds)]
        } else if let transactions {
            arguments += ["-t", String(transactions)]
        } else {
            arguments += ["-T", String(duration)]
        }
        switch script {
        case .builtIn(let name): arguments += ["-b", name]
        case .custom: arguments += ["-f", scriptFile.path]
        }
        return arguments
    }

    /// The line of `script` (1-based) where command `index` starts, as pgbench counts commands in "aborted in
    /// command N" (from 0): a meta-command (`\set ...`) is its line; an SQL command runs to its semicolon.
    /// Blank and comment lines between commands are skipped.
    static func line(ofCommand index: Int, in script: String) -> Int? {
        var command = -1, inSQL = false
        for (number, raw) in script.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !inSQL {
                if line.isEmpty || line.hasPrefix("--") { continue }
                command += 1
                if command == index { return number + 1 }
                if line.hasPrefix("\\") { continue }
            }
            inSQL = !line.hasSuffix(";")
        }
        return nil
    }
}
