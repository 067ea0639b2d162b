import Foundation
import XCTest

/// The module graph of docs/architecture.md holds: no source file imports a project module that its
/// module may not import.
final class ImportRulesTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The "may import" column of the modules table: module -> the project modules it may import.
    private func allowedImports() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var allowed: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { String($0) }
            guard cells.count >= 4 else { continue }
            let names = { (cell: String) in
                Set(cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
            }
            for module in names(cells[1]) { allowed[module] = names(cells[3]) }
        }
        return allowed
    }

    /// The modules of a sources folder (`Sources/` of this package or of `Dashboard/`).
    private func modules(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
    }

    func testEveryModuleImportsOnlyWhatTheArchitectureAllows() throws {
        let allowed = try allowedImports()
        let folders = ["Sources", "Dashboard/Sources"]
        let modules = try folders.flatMap { try self.modules(in: $0) }
        XCTAssertEqual(
            Set(modules), Set(allowed.keys),
            "docs/architecture.md lists every module of Sources/ and Dashboard/Sources/")
        let pattern = try NSRegularExpression(
            pattern: #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:\w+\s+)?(\w+)"#, options: .anchorsMatchLines)
        var violations: [String] = []
        for sources in folders {
            for module in try self.modules(in: sources) {
                let folder = root.appendingPathComponent("\(sources)/\(module)")
                let files =
                    FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter {
                        $0.hasSuffix(".swift")
                    } ?? []
                for file in files {
                    let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                    for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        let imported = String(text[Range(match.range(at: 1), in: text)!])
                        if modules.contains(imported), imported != module, !(allowed[module] ?? []).contains(imported) {
                            violations.append("\(sources)/\(module)/\(file) imports \(imported)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(violations, [], "imports the architecture does not allow")
    }

    /// Paths of the material beside the repository that the product must not depend on (spelled in pieces,
    /// so that this file does not contain them).
    static let outsideReferences = [["..", "shared"], ["shared", "docs"], ["shared", "checks"]].map {
        $0.joined(separator: "/")
    }

    func testTheProductStandsAlone() throws {
        var references: [String] = []
        for folder in ["Sources", "Tests", "docs"] {
            let base = root.appendingPathComponent(folder)
            for file in FileManager.default.enumerator(atPath: base.path)?.compactMap({ $0 as? String }) ?? [] {
                guard file.hasSuffix(".swift") || file.hasSuffix(".md"), !file.hasSuffix("ImportRulesTests.swift")
                else { continue }
                let text = (try? String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)) ?? ""
                if Self.outsideReferences.contains(where: text.contains) {
                    references.append("\(folder)/\(file)")
                }
            }
        }
        XCTAssertEqual(references, [], "files that refer to material outside the repository")
    }
}
