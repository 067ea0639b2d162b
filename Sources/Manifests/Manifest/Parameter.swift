/// One manifest key of an agent or environment type, declared once: its key, what it means, the values it
/// takes, and where its value goes in the type's options. The manifest reader (`read`) and `satune list`
/// (`help`) both use the declaration, so a key, its range and its default cannot disagree between them.
///
///     static var parameters: [Parameter<BayesianOptimization.Options>] {
///         [.integer("initial_points", \.initialPoints, in: 0...10_000, "Latin-hypercube points first"), ...]
///     }
public struct Parameter<Options> {
    /// The manifest key, e.g. "initial_points".
    public let key: String
    /// What the key sets, e.g. "Latin-hypercube points first".
    let meaning: String
    /// The values it takes and its default in `options`, e.g. "0...10000 (default 10)".
    let values: (_ defaults: Options) -> String
    /// Reads the key (if given) into `options`; a bad value is reported in the reader, `options` kept.
    let read: (inout ParameterReader, inout Options) -> Void

    /// A key read by hand (a file to load, a key that depends on others): `values` says what it takes.
    public static func custom(
        _ key: String, _ meaning: String, values: String,
        read: @escaping (inout ParameterReader, inout Options) -> Void
    ) -> Parameter {
        Parameter(key: key, meaning: meaning, values: { _ in values }, read: read)
    }

    /// An integer within `range`.
    public static func integer(
        _ key: String, _ path: WritableKeyPath<Options, Int>, in range: ClosedRange<Int>, _ meaning: String
    ) -> Parameter {
        Parameter(
            key: key, meaning: meaning,
            values: { "\(range.lowerBound)...\(range.upperBound) (default \($0[keyPath: path]))" },
            read: { reader, options in
                if let value = reader.integer(key, default: options[keyPath: path], range: range) {
                    options[keyPath: path] = value
                }
            })
    }

    /// A real number within `range`.
    public static func real(
        _ key: String, _ path: WritableKeyPath<Options, Double>, in range: ClosedRange<Double>, _ meaning: String
    ) -> Parameter {
        Parameter(
            key: key, meaning: meaning,
            values: { "\(range.lowerBound)...\(range.upperBound) (default \($0[keyPath: path]))" },
            read: { reader, options in
                options[keyPath: path] = reader.real(key, default: options[keyPath: path], range: range)
            })
    }

    /// A single-precision number within `range` (a network's learning rate), read as a real.
    public static func float(
        _ key: String, _ path: WritableKeyPath<Options, Float>, in range: ClosedRange<Double>, _ meaning: String
    ) -> Parameter {
        Parameter(
            key: key, meaning: meaning,
            values: { "\(range.lowerBound)...\(range.upperBound) (default \($0[keyPath: path]))" },
            read: { reader, options in
                options[keyPath: path] = Float(reader.real(key, default: Double(options[keyPath: path]), range: range))
            })
    }

    /// true or false.
    public static func boolean(_ key: String, _ path: WritableKeyPath<Options, Bool>, _ meaning: String) -> Parameter {
        Parameter(
            key: key, meaning: meaning, values: { "true | false (default \($0[keyPath: path]))" },
            read: { reader, options in options[keyPath: path] = reader.boolean(key, default: options[keyPath: path]) })
    }

    /// One of an enumeration's raw values.
    public static func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ path: WritableKeyPath<Options, Value>, _ meaning: String
    ) -> Parameter where Value.RawValue == String {
        Parameter(
            key: key, meaning: meaning,
            values: {
                Value.allCases.map(\.rawValue).joined(separator: " | ") + " (default \($0[keyPath: path].rawValue))"
            },
            read: { reader, options in options[keyPath: path] = reader.choice(key, default: options[keyPath: path]) })
    }

    /// A non-empty list of integers, each within `range` (a network's layer widths).
    public static func integers(
        _ key: String, _ path: WritableKeyPath<Options, [Int]>, in range: ClosedRange<Int>, _ meaning: String
    ) -> Parameter {
        Parameter(
            key: key, meaning: meaning,
            values: { "a list of \(range.lowerBound)...\(range.upperBound) (default \($0[keyPath: path]))" },
            read: { reader, options in
                options[keyPath: path] = reader.integers(key, default: options[keyPath: path], range: range)
            })
    }

    /// This parameter of a part of larger options (DDPG's options inside sample-aware DDPG's).
    public func within<Outer>(_ path: WritableKeyPath<Outer, Options>) -> Parameter<Outer> {
        let (values, read) = (self.values, self.read)
        return Parameter<Outer>(
            key: key, meaning: meaning, values: { values($0[keyPath: path]) },
            read: { reader, outer in read(&reader, &outer[keyPath: path]) })
    }

    /// This parameter, added after results were recorded: it enters the entry's identity (and so its runs'
    /// random streams and its campaign's fingerprint) only when its effective value differs from `legacy`,
    /// the value that gives the behaviour from before the key existed (as `resolved` writes it: "false",
    /// "0.0", "measured"). So the manifests of recorded results, with the key left out or set to `legacy`,
    /// still reproduce them byte for byte.
    public func addedLater(legacy: String) -> Parameter {
        let (key, read) = (self.key, self.read)
        return Parameter(
            key: key, meaning: meaning, values: { values($0) + "; \(legacy) before the key existed" },
            read: { reader, options in
                read(&reader, &options)
                if reader.resolved[key] == legacy { reader.unresolve(key) }
            })
    }

    /// "key: meaning; values (default x)" for `satune list`.
    public func help(_ defaults: Options) -> String { "\(key): \(meaning); \(values(defaults))" }
}

extension Array {
    /// Reads every declared key, in order, into `options`.
    public func read<Options>(into options: inout Options, from reader: inout ParameterReader)
    where Element == Parameter<Options> {
        for parameter in self { parameter.read(&reader, &options) }
    }

    /// One line per key, with the defaults of `defaults`.
    public func help<Options>(_ defaults: Options) -> [String] where Element == Parameter<Options> {
        map { $0.help(defaults) }
    }
}
