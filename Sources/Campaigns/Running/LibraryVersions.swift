import LinearAlgebra
import Results
import SQLiteReplayer

extension Provenance.Libraries {
    /// The libraries of this process: OpenBLAS's configuration, kernel and threads, and SQLite's version.
    static var ofThisProcess: Provenance.Libraries {
        Provenance.Libraries(
            blasConfiguration: BLASRuntime.configuration, blasCore: BLASRuntime.coreName,
            blasThreads: BLASRuntime.threads, sqliteVersion: SQLiteKnobs.libraryVersion)
    }
}
