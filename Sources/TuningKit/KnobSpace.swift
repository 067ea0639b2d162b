/// An ordered set of knobs: the one declarative search space that agents and environments share.
///
/// It maps configurations to and from points of the unit cube [0, 1]^d (one coordinate per knob, in order),
/// validates configurations, and parses textual assignments such as `work_mem=64`.
public struct KnobSpace: Sendable, Equatable {
    public let knobs: [Knob]
    private let indexByName: [String: Int]

    public init(_ knobs: [Knob]) {
        var index: [String: Int] = [:]
        for (i, knob) in knobs.enumerated() {
            precondition(index[knob.name] == nil, "duplicate knob name \(knob.name)")
            index[knob.name] = i
        }
        self.knobs = knobs
        self.indexByName = index
    }

    /// Number of knobs, the dimension of the unit cube.
    public var dimension: Int { knobs.count }
    /// Knob names in order.
    public var names: [String] { knobs.map(\.name) }
    /// Position of a knob by name.
    public func index(of name: String) -> Int? { indexByName[name] }
    /// The knob with this name.
    public subscript(name: String) -> Knob? { indexByName[name].map { knobs[$0] } }

    /// The space without unsafe values (see `Knob.unsafeValues`), as a manifest's `safe_only: true` asks.
    public func safe() -> KnobSpace { KnobSpace(knobs.map { $0.safe() }) }

    /// The named knobs, in this space's order; nil names an unknown knob.
    public func subset(_ names: [String]) -> KnobSpace? {
        guard names.allSatisfy({ indexByName[$0] != nil }) else { return nil }
        return KnobSpace(knobs.filter { names.contains($0.name) })
    }

    /// Every knob at its default.
    public var defaultConfiguration: Configuration { Configuration(knobs.map(\.defaultValue)) }

    /// The configuration at a point of the unit cube (coordinates are clamped to [0, 1]).
    public func decode(_ point: [Double]) -> Configuration {
        precondition(point.count == dimension, "point has \(point.count) coordinates, the space has \(dimension) knobs")
        return Configuration(zip(knobs, point).map { $0.decode($1) })
    }

    /// The point of the unit cube of a valid configuration.
    public func encode(_ configuration: Configuration) -> [Double] {
        precondition(configuration.values.count == dimension, "configuration does not belong to this space")
        return zip(knobs, configuration.values).map { $0.encode($1) }
    }

    /// Throws a `ConfigurationError` listing every invalid value, or a wrong number of values.
    public func validate(_ configuration: Configuration) throws(ConfigurationError) {
        guard configuration.values.count == dimension else {
            throw ConfigurationError(problems: [
                KnobError(knob: "*", "expected \(dimension) values, got \(configuration.values.count)")
            ])
        }
        var problems: [KnobError] = []
        for (knob, value) in zip(knobs, configuration.values) {
            do { try knob.validate(value) } catch { problems.append(error) }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }

    /// A configuration from `name=value` assignments on top of `base` (the defaults when nil).
    /// Unknown names and invalid values are all reported together.
    public func configuration(assigning assignments: [(name: String, value: String)], to base: Configuration? = nil)
        throws(ConfigurationError) -> Configuration
    {
        var configuration = base ?? defaultConfiguration
        var problems: [KnobError] = []
        for (name, text) in assignments {
            guard let i = indexByName[name] else {
                problems.append(KnobError(knob: name, "unknown knob; known: \(names.joined(separator: ", "))"))
                continue
            }
            do { configuration.values[i] = try knobs[i].parse(text) } catch { problems.append(error) }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }

    /// Value of a named knob in a configuration of this space.
    public func value(of name: String, in configuration: Configuration) -> KnobValue? {
        indexByName[name].map { configuration.values[$0] }
    }

    public static func == (a: KnobSpace, b: KnobSpace) -> Bool { a.knobs == b.knobs }
}

/// One or more invalid knob values in a configuration.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public let problems: [KnobError]
    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
