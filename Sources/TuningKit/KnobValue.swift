/// The value of one knob in a configuration.
public enum KnobValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case categorical(String)
    case boolean(Bool)

    /// The value as written in CSV files and accepted back by `Knob.parse`: integers and reals in
    /// Swift's shortest round-trip form, categories verbatim, booleans as `on`/`off`.
    public var description: String {
        switch self {
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .categorical(let v): v
        case .boolean(let v): v ? "on" : "off"
        }
    }

    /// A numeric view: integers and reals as they are, booleans as 0/1, categories as nil.
    public var number: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        case .boolean(let v): v ? 1 : 0
        case .categorical: nil
        }
    }
}
