/// A problem with a workload file, naming the file and (where there is one) the line; a workload whose
/// statements fail is reported with every failing statement at once, so that a person porting a script
/// fixes them all in one go.
public struct WorkloadError: Error, CustomStringConvertible, Equatable {
    public struct Problem: Sendable, Equatable {
        public let line: Int?
        public let message: String
    }

    public let file: String
    public let problems: [Problem]

    public init(file: String, line: Int?, _ message: String) {
        self.init(file: file, problems: [Problem(line: line, message: message)])
    }

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    /// The line of the first problem.
    public var line: Int? { problems.first?.line }
    /// The message of the first problem.
    public var message: String { problems.first?.message ?? "" }

    public var description: String {
        func located(_ problem: Problem) -> String {
            problem.line.map { "\(file):\($0): \(problem.message)" } ?? "\(file): \(problem.message)"
        }
        guard problems.count > 1 else { return problems.first.map(located) ?? file }
        let shown = problems.prefix(Self.shownProblems).map { "  " + located($0) }
        let more = problems.count > Self.shownProblems ? ["  ... and \(problems.count - Self.shownProblems) more"] : []
        return (["\(file): \(problems.count) statements fail:"] + shown + more).joined(separator: "\n")
    }

    static let shownProblems = 50
}
