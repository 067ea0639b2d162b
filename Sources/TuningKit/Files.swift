import Foundation

/// File operations said in plain words, and safe: a file written whole or not at all, a folder created or
/// the reason why not, an output path checked before any work is done.
public enum Files {
    /// "cannot read <path>: <reason>" for a failed read of `url`.
    public static func cannotRead(_ url: URL, _ error: Error) -> PlainError {
        PlainError("cannot read \(url.path): \(PlainError.reason(error))")
    }

    /// "cannot write <path>: <reason>" for a failed write of `url`.
    public static func cannotWrite(_ url: URL, _ error: Error) -> PlainError {
        PlainError("cannot write \(url.path): \(PlainError.reason(error))")
    }

    /// Where a path that was not found was looked for, for an error message: a relative path is taken from
    /// the current folder (not from the manifest's), so the message names the folder; empty for an absolute path.
    public static func lookedFor(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return "" }
        let folder = FileManager.default.currentDirectoryPath
        return "; looked for \(folder)/\(path): a relative path starts from the current folder, not the manifest's"
    }

    /// Why a file cannot be written at `url` (a folder there, a file in the way, no permission), or nil;
    /// for checking an output path before any work is done.
    public static func cannotWriteFile(at url: URL) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "is a folder" }
            return access(url.path, W_OK) == 0 ? nil : "cannot be overwritten: \(PlainError.errnoText(errno))"
        }
        var ancestor = url.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
            ancestor.deleteLastPathComponent()
        }
        guard isFolder.boolValue else { return "\(ancestor.path) is a file, not a folder" }
        return access(ancestor.path, W_OK) == 0
            ? nil : "cannot create files in \(ancestor.path): \(PlainError.errnoText(errno))"
    }

    /// Creates a folder and its parents, saying in words why it cannot (a file in the way, no permission).
    public static func createFolder(_ url: URL) throws {
        var isFolder: ObjCBool = false
        var probe = url
        // The first existing ancestor must be a folder: name a file in the way.
        while !FileManager.default.fileExists(atPath: probe.path, isDirectory: &isFolder) {
            let parent = probe.deletingLastPathComponent()
            if parent.path == probe.path { break }
            probe = parent
        }
        if FileManager.default.fileExists(atPath: probe.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw PlainError("cannot create \(url.path): \(probe.path) is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PlainError("cannot create \(url.path): \(PlainError.reason(error))")
        }
    }

    /// Writes data to a temporary file beside `url` and renames it over `url`, so that readers see the old
    /// file or the new one, never half of one. `durable` flushes it to the disk first (for records; files
    /// derived from them and rebuilt at will need not wait for the disk).
    public static func writeAtomically(_ data: Data, to url: URL, durable: Bool = true) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PlainError("cannot write \(url.path): \(PlainError.errnoText(errno))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, durable, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary.path, url.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary.path)
            throw PlainError("cannot write \(url.path): \(PlainError.errnoText(failure))")
        }
    }
}

extension URL {
    /// The path with "." and ".." resolved and symbolic links followed: two URLs of one file have the same.
    public var canonicalPath: String { standardizedFileURL.resolvingSymlinksInPath().path }
}
