/// A JSON value as a message of the protocol carries it: what an agent wrote, kept as it was written so that
/// each problem can be named precisely (a knob given as text where a number was expected, say).
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integral number (written without a fraction or exponent that leaves the integers).
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try single.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .null: try single.encodeNil()
        case .bool(let value): try single.encode(value)
        case .integer(let value): try single.encode(value)
        case .number(let value): try single.encode(value)
        case .string(let value): try single.encode(value)
        case .array(let value): try single.encode(value)
        case .object(let value): try single.encode(value)
        }
    }

    /// A number, integral or not; nil for anything else.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// What the value is, in words, for a message: "the text \"lots\"", "a number", "a list".
    public var kindInWords: String {
        switch self {
        case .null: "null"
        case .bool(let value): "the boolean \(value)"
        case .integer(let value): "the integer \(value)"
        case .number(let value): "the number \(value)"
        case .string(let value): "the text \"\(value.prefix(40))\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
