import Results

/// One problem found in a manifest, with the path of the field (e.g. `agents[2].type`) and its line.
public struct ManifestIssue: Sendable, Equatable, CustomStringConvertible {
    /// The field path, e.g. `budget` or `environments[0].noise`; empty for the document as a whole.
    public let path: String
    public let message: String
    /// The 1-based line of the field in the manifest file, where known.
    public let line: Int?

    public init(path: String, _ message: String, line: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        return path.isEmpty ? location + message : location + path + ": " + message
    }
}

/// A manifest that cannot be run: the file, and every problem found in it.
public struct ManifestError: Error, CustomStringConvertible {
    public let file: String
    public let issues: [ManifestIssue]

    public init(file: String, issues: [ManifestIssue]) {
        self.file = file
        self.issues = issues
    }

    /// `file: problem`, or a count and one problem a line; without the file prefix when `file` is empty.
    public var description: String {
        let prefix = file.isEmpty ? "" : "\(file): "
        if issues.count == 1 { return prefix + issues[0].description }
        return prefix + "\(issues.count) problems\n" + issues.map { "  \($0)" }.joined(separator: "\n")
    }
}
