import Foundation

/// Saving and loading weights: a small binary format, "SATNN1", the layer sizes and activations, then the
/// parameters as little-endian Float32.
extension Network {
    public enum StorageError: Error, CustomStringConvertible {
        case notAWeightsFile(String), shapeMismatch(String)
        public var description: String {
            switch self {
            case .notAWeightsFile(let path): "\(path): not a satune weights file"
            case .shapeMismatch(let what): "weights do not fit the network: \(what)"
            }
        }
    }

    public func save(to url: URL) throws {
        var data = Data("SATNN1".utf8)
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(UInt32(sizes.count))
        for size in sizes { append(UInt32(size)) }
        for activation in activations { append(UInt32(Activation.allCases.firstIndex(of: activation)!)) }
        for i in 0..<parameters.count { append(parameters[i].bitPattern) }
        try data.write(to: url, options: .atomic)
    }

    /// A network read from a file written by `save`.
    public static func load(from url: URL, maxBatch: Int) throws -> Network {
        let data = try Data(contentsOf: url)
        var offset = 6
        guard data.count >= 10, data.prefix(6) == Data("SATNN1".utf8) else {
            throw StorageError.notAWeightsFile(url.path)
        }
        func next() throws -> UInt32 {
            guard offset + 4 <= data.count else { throw StorageError.notAWeightsFile(url.path) }
            let value = data[data.startIndex + offset..<data.startIndex + offset + 4].withUnsafeBytes {
                $0.loadUnaligned(as: UInt32.self)
            }
            offset += 4
            return UInt32(littleEndian: value)
        }
        let layers = Int(try next())
        guard layers >= 2 && layers < 1000 else { throw StorageError.notAWeightsFile(url.path) }
        let sizes = try (0..<layers).map { _ in Int(try next()) }
        let activations = try (0..<(layers - 1)).map { _ -> Activation in
            let index = Int(try next())
            guard index < Activation.allCases.count else { throw StorageError.notAWeightsFile(url.path) }
            return Activation.allCases[index]
        }
        let network = Network(sizes: sizes, activations: activations, maxBatch: maxBatch)
        guard data.count - offset == network.parameterCount * 4 else {
            throw StorageError.shapeMismatch(
                "expected \(network.parameterCount) parameters, the file has \((data.count - offset) / 4)")
        }
        for i in 0..<network.parameterCount { network.parameters[i] = Float(bitPattern: try next()) }
        return network
    }
}
