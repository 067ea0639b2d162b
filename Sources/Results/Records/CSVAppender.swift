import Foundation
import TuningKit

/// Appends CSV rows to a file as they are produced: each row goes to the file in a single `write`, so
/// a crash or Ctrl-C leaves only whole rows (the kernel has them once `write` returns, whatever happens
/// to the process); the file is flushed to the disk with the first row written a second or more after
/// the last flush, and when closed.
public final class CSVAppender {
    let url: URL
    private let fd: Int32
    private var lastSync = ContinuousClock.now

    /// Opens `url` for appending after its first `wholeLength` bytes (dropping a row cut short), or
    /// creates it with `header` when it is new or empty.
    public init(_ url: URL, header: String, wholeLength: Int) throws {
        self.url = url
        fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PlainError("cannot open \(url.path) for writing: \(PlainError.errnoText(errno))") }
        if wholeLength == 0 {
            guard ftruncate(fd, 0) == 0 else {
                throw PlainError("cannot write \(url.path): \(PlainError.errnoText(errno))")
            }
            try write(header)
        } else {
            let size = lseek(fd, 0, SEEK_END)
            guard size - off_t(wholeLength) <= Self.largestCut else {
                throw PlainError(
                    "\(url.path): refusing to drop the \(size - off_t(wholeLength)) bytes after its last whole row: "
                        + "more than a row cut short"
                )
            }
            guard ftruncate(fd, off_t(wholeLength)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
                throw PlainError("cannot write \(url.path): \(PlainError.errnoText(errno))")
            }
        }
    }

    /// The most bytes a row cut short may hold (rows are about a kilobyte).
    static let largestCut: off_t = 1 << 20

    /// Writes one row (a whole line) in a single system call.
    public func write(_ line: String) throws {
        var line = line
        let failure: Int32 = line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
        guard failure == 0 else { throw PlainError("cannot write \(url.path): \(PlainError.errnoText(failure))") }
        let now = ContinuousClock.now
        if now - lastSync > .seconds(1) {
            lastSync = now
            fdatasync(fd)
        }
    }

    /// Flushes the file to the disk.
    public func sync() { fdatasync(fd) }

    deinit {
        fdatasync(fd)
        close(fd)
    }
}
