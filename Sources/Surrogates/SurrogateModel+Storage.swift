import Foundation
import TuningKit

extension SurrogateModel {
    /// Reads a model that `satune calibrate` wrote, and a fingerprint of the file (its contents' FNV-1a).
    public static func read(path: String) throws -> (model: SurrogateModel, fingerprint: String) {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw Files.cannotRead(url, error) }
        do {
            return (try JSONDecoder().decode(SurrogateModel.self, from: data), String(fnv1a(data), radix: 16))
        } catch let error as DecodingError {
            throw PlainError("\(path): not a surrogate model: \(PlainError.explain(error))")
        }
    }

    /// True when the file at `path` is a model satune wrote: it carries the format marker, or (written before
    /// the marker) reads as a model.
    public static func isModelFile(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["format"] as? String == formatMarker
        {
            return true
        }
        return (try? JSONDecoder().decode(SurrogateModel.self, from: data)) != nil
    }

    /// Writes the model as JSON (sorted keys, indented), atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Files.createFolder(url.deletingLastPathComponent())
        try Files.writeAtomically(try encoder.encode(self), to: url)
    }
}
