import TuningKit

/// Random edits of a text file, all drawn from one seeded generator: bytes changed, lines deleted,
/// repeated, swapped or cut short, hostile lines inserted, manifest keys misspelled and values replaced.
struct Mutator {
    var generator: SeededGenerator
    /// Lines that a hostile or careless author might add.
    let hostileLines: [String]
    /// Values that a hostile or careless author might write after a `key:`.
    let hostileValues: [String]

    mutating func mutate(_ text: String) -> String {
        var result = text
        for _ in 0...generator.nextInt(below: 3) { result = mutateOnce(result) }
        return result
    }

    private mutating func mutateOnce(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return text }
        let i = generator.nextInt(below: lines.count)
        switch generator.nextInt(below: 9) {
        case 0:  // a byte changed: any byte, including NUL, invalid UTF-8 and line ends
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return text }
            bytes[generator.nextInt(below: bytes.count)] = UInt8(generator.nextInt(below: 256))
            return String(decoding: bytes, as: UTF8.self)
        case 1: lines.remove(at: i)
        case 2: lines.insert(lines[i], at: i)
        case 3: lines.swapAt(i, generator.nextInt(below: lines.count))
        case 4: lines.insert(hostileLines[generator.nextInt(below: hostileLines.count)], at: i)
        case 5:  // a value replaced
            guard let colon = lines[i].firstIndex(of: ":") else { return lines.joined(separator: "\n") }
            lines[i] = String(lines[i][...colon]) + " " + hostileValues[generator.nextInt(below: hostileValues.count)]
        case 6:  // a key misspelled
            guard let colon = lines[i].firstIndex(of: ":"), colon > lines[i].startIndex else {
                return lines.joined(separator: "\n")
            }
            var key = Array(lines[i][..<colon])
            key.insert(
                Character(UnicodeScalar(UInt8(97 + generator.nextInt(below: 26)))),
                at: generator.nextInt(below: key.count + 1))
            lines[i] = String(key) + lines[i][colon...]
        case 7: lines = Array(lines.prefix(i))  // cut short
        default:  // a line indented differently
            lines[i] =
                String(repeating: " ", count: generator.nextInt(below: 6))
                + lines[i].trimmingCharacters(in: .whitespaces)
        }
        return lines.joined(separator: "\n")
    }
}
