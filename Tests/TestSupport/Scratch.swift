import Foundation

/// A scratch folder for one test, created at once and removed with everything in it when the test lets go
/// of it. Subclass it for a module's own fixtures (a SQLite test's pristine store, say).
open class Scratch {
    /// The folder.
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("satune-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` in the folder (which need not exist).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` in the folder (its parent folders created) and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    deinit {
        // Read-only files (pristine databases) go too: removal needs write permission on the folders only.
        try? FileManager.default.removeItem(at: url)
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; true when it held. For waiting on another
/// process or thread without a fixed sleep.
public func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
