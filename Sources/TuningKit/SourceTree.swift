import Foundation

/// The source tree satune was built from: the nearest folder above this file that holds a `Package.swift`.
/// Where the shipped agent adapters (`peers/`) and their Python environment (`.venv-peers/`) live, and where
/// git tells the commit. Nil when the sources are gone (a binary copied to another machine).
public enum SourceTree {
    public static let root: URL? = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }()
}
