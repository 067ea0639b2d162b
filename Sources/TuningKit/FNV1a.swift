/// The 64-bit FNV-1a hash (Fowler, Noll and Vo) of bytes, continuing from `hash` (its offset basis by
/// default): a fast, stable fingerprint for cache keys, seed derivation and manifest hashes (not a
/// cryptographic hash). Inlinable, so that it is specialized for the caller's sequence (a workload's megabytes
/// hash at memory speed rather than through generic calls per byte).
@inlinable
public func fnv1a<Bytes: Sequence>(_ bytes: Bytes, continuing hash: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
where Bytes.Element == UInt8 {
    bytes.reduce(hash) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
}
