/// A problem with the PostgreSQL installation, a workload file or satune's cluster folders, in words a
/// person can act on (what failed, where, and what to do).
public struct PostgresError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
