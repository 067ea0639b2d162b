import Foundation

/// Writing to standard error without buffering surprises.
enum FileHandleOutput {
    case standardError
    func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
