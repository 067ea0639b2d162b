import Results
import Yams

extension ManifestIssue {
    /// A YAML syntax error of manifest `text` as one issue with its line, in words (not the parser's dump
    /// of the whole file).
    init(yaml error: YamlError, in text: String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            self.init(path: "", "malformed YAML: \(problem) (column \(mark.column))", line: mark.line)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { Self.line(ofByte: $0, in: text) }
            self.init(path: "", "malformed YAML: \(problem)", line: line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? "?"
            self.init(
                path: "", "the key \"\(key)\" is given twice in one mapping; give each key once",
                line: Self.line(ofSecond: key, after: context.mark.line, in: text) ?? context.mark.line)
        default:
            self.init(path: "", "malformed YAML: \(error)")
        }
    }

    /// The 1-based line holding byte `offset` of `text`.
    private static func line(ofByte offset: Int, in text: String) -> Int {
        1 + text.utf8.prefix(offset).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// The line of the second `key:` from line `start` on (the duplicate), if the text shows one plainly.
    private static func line(ofSecond key: String, after start: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let holding = lines.indices.dropFirst(max(start - 1, 0)).filter { index in
            let content = lines[index].drop { $0 == " " || $0 == "-" }
            return content.hasPrefix(key + ":") || content.hasPrefix("\"\(key)\":") || content.hasPrefix("{\(key):")
        }
        return holding.count >= 2 ? holding[1] + 1 : nil
    }
}
