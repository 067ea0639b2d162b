import Foundation

/// Where satune keeps what it can rebuild (pristine databases, built clusters): `$SATUNE_CACHE`, else
/// `$XDG_CACHE_HOME/satune`, else `~/.cache/satune`.
public enum CacheFolder {
    /// The cache root of this process's user.
    public static var root: URL {
        let environment = ProcessInfo.processInfo.environment
        if let root = environment["SATUNE_CACHE"], !root.isEmpty { return URL(fileURLWithPath: root) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("satune")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/satune")
    }

    /// True when `SATUNE_CACHE` names the root explicitly.
    public static var isSetByUser: Bool {
        !(ProcessInfo.processInfo.environment["SATUNE_CACHE"] ?? "").isEmpty
    }
}
