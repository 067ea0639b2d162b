import Foundation
import TuningKit

/// One writer per results folder: an exclusive `flock` on `<folder>/.lock`, held while the process lives
/// (the kernel releases it when the process ends, even by `kill -9`). The file names the holder, so a
/// second `satune run` on the folder can say which process is using it.
public final class FolderLock {
    private let fd: Int32
    public let url: URL

    /// Takes the lock, or throws naming the process that holds it.
    public init(folder: ResultsFolder, purpose: String) throws {
        url = folder.file(ResultsFolder.lockFile)
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PlainError("cannot create \(url.path): \(PlainError.errnoText(errno))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(fd)
            throw PlainError(
                "\(folder.path) is in use by another satune process "
                    + "(\(holder?.isEmpty == false ? holder! : "unknown")); wait for it to finish or stop it first"
            )
        }
        let formatter = ISO8601DateFormatter()
        let text =
            "satune \(purpose), pid \(getpid()) on \(ProcessInfo.processInfo.hostName), since "
            + "\(formatter.string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// True when another process holds the lock of `folder` now.
    public static func isHeld(_ folder: ResultsFolder) -> Bool {
        let fd = open(folder.file(ResultsFolder.lockFile).path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    /// What the holder wrote into the lock file ("satune run, pid 123 on host, since ...").
    public static func holder(_ folder: ResultsFolder) -> String? {
        (try? String(contentsOf: folder.file(ResultsFolder.lockFile), encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
