import Foundation

/// A file-system error said in words: the path, what satune was doing, and why it failed
/// ("cannot create Results/x: a file is in the way"), never a Foundation error dump.
public struct FileProblem: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    public static func cannotRead(_ url: URL, _ error: Error) -> FileProblem {
        FileProblem("cannot read \(url.path): \(reason(error))")
    }

    public static func cannotWrite(_ url: URL, _ error: Error) -> FileProblem {
        FileProblem("cannot write \(url.path): \(reason(error))")
    }

    /// Why a file operation failed, from the POSIX error underneath Foundation's.
    public static func reason(_ error: Error) -> String {
        if let problem = error as? FileProblem { return problem.description }
        let ns = error as NSError
        if let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError), posix.domain == NSPOSIXErrorDomain {
            return errnoText(Int32(posix.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return errnoText(Int32(ns.code)) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "not valid UTF-8 text"
        case .fileWriteFileExists: return "a file is in the way"
        case .fileReadUnknown: return "it cannot be read (a folder, or not readable)"
        case .fileWriteUnknown: return "it cannot be written"
        default: return ns.domain == NSCocoaErrorDomain ? "the file operation failed" : "\(error)"
        }
    }

    /// Any error in words for a person: satune's own errors as they describe themselves; a Foundation
    /// file error as its path and reason instead of its domain and code; a JSON decoding error as what is
    /// missing or mistyped, where.
    public static func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError { return explain(decoding) }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        return path.map { "\($0): \(reason(error))" } ?? reason(error)
    }

    /// A JSON decoding error in words.
    public static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .dataCorrupted: return "not valid JSON (the file may have been cut short)"
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)) has the wrong type"
        @unknown default: return "not the expected JSON"
        }
    }

    /// The C library's text for an errno value, in lower case ("no such file or directory").
    /// Where a path that was not found was looked for, for an error message: a relative path is taken from
    /// the current folder (not from the manifest's), so the message names the folder; empty for an absolute path.
    public static func lookedFor(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return "" }
        let folder = FileManager.default.currentDirectoryPath
        return "; looked for \(folder)/\(path): a relative path starts from the current folder, not the manifest's"
    }

    public static func errnoText(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Why a file cannot be written at `url` (a folder there, a file in the way, no permission), or nil;
    /// for checking an output path before any work is done.
    public static func cannotWriteFile(at url: URL) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "is a folder" }
            return access(url.path, W_OK) == 0 ? nil : "cannot be overwritten: \(errnoText(errno))"
        }
        var ancestor = url.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
            ancestor.deleteLastPathComponent()
        }
        guard isFolder.boolValue else { return "\(ancestor.path) is a file, not a folder" }
        return access(ancestor.path, W_OK) == 0 ? nil : "cannot create files in \(ancestor.path): \(errnoText(errno))"
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
            throw FileProblem("cannot create \(url.path): \(probe.path) is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw FileProblem("cannot create \(url.path): \(reason(error))")
        }
    }

    /// Writes data to a temporary file beside `url` and renames it over `url`, so that readers see the old
    /// file or the new one, never half of one. `durable` flushes it to the disk first (for records; files
    /// derived from them and rebuilt at will need not wait for the disk).
    public static func writeAtomically(_ data: Data, to url: URL, durable: Bool = true) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileProblem("cannot write \(url.path): \(errnoText(errno))") }
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
            throw FileProblem("cannot write \(url.path): \(errnoText(failure))")
        }
    }
}

extension URL {
    /// The path with "." and ".." resolved and symbolic links followed: two URLs of one file have the same.
    public var canonicalPath: String { standardizedFileURL.resolvingSymlinksInPath().path }
}
