import Foundation

/// An error said in plain words for a person: what is wrong and where (the file, field, option or line) and
/// what is expected ("cannot create Results/x: Results is a file, not a folder", "--jobs must be at least 1,
/// got 0"), never a Foundation error dump. Every error satune reports to a person that is not a more
/// specific type (a manifest's, a workload's, a knob's) is one.
public struct PlainError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// Why a file operation failed, from the POSIX error underneath Foundation's.
    public static func reason(_ error: Error) -> String {
        if let problem = error as? PlainError { return problem.description }
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
    public static func errnoText(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
