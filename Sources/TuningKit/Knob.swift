import Foundation

/// One tunable parameter: its name, type and range, default, unit, scale and special values.
///
/// A knob maps its values to and from the unit interval [0, 1], which is what agents search:
/// - integers and reals map linearly, or logarithmically when `logScale` is set; a log-scale range is
///   positive, or (for integers) negative, e.g. SQLite's `cache_size` in -KiB, where the interval runs
///   from the smallest to the largest magnitude; every integer gets an equally wide slice of the interval;
/// - categoricals (and booleans, as `[off, on]`) split the interval into equal slices, one per choice;
/// - special values (e.g. -1 meaning "auto") sit outside the range and each take a slice of width
///   `Knob.specialValueWidth` at the bottom of the interval, so a search can reach them.
public struct Knob: Sendable, Equatable {
    /// The kind of values a knob takes.
    public enum Domain: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case real(ClosedRange<Double>)
        case categorical([String])
        case boolean
    }

    /// A value outside the normal range with a meaning of its own (e.g. -1 = "use the default of another knob").
    public struct SpecialValue: Sendable, Equatable {
        public let value: KnobValue
        public let meaning: String
        public init(_ value: KnobValue, meaning: String) {
            self.value = value
            self.meaning = meaning
        }
    }

    /// Width of the unit-interval slice given to each special value.
    public static let specialValueWidth = 0.05

    public let name: String
    public let domain: Domain
    public let defaultValue: KnobValue
    /// The unit of the value as the system takes it (e.g. "8kB pages", "ms", "MB"); empty when unitless.
    public let unit: String
    public let logScale: Bool
    public let specialValues: [SpecialValue]
    /// Values that give up crash safety (e.g. SQLite's `synchronous=OFF`); `safe()` drops them.
    public let unsafeValues: [KnobValue]
    /// One line on what the knob does.
    public let summary: String

    public init(
        name: String, domain: Domain, defaultValue: KnobValue, unit: String = "", logScale: Bool = false,
        specialValues: [SpecialValue] = [], unsafeValues: [KnobValue] = [], summary: String = ""
    ) {
        self.name = name
        self.domain = domain
        self.defaultValue = defaultValue
        self.unit = unit
        self.logScale = logScale
        self.specialValues = specialValues
        self.unsafeValues = unsafeValues
        self.summary = summary
        if logScale {
            switch domain {
            case .integer(let r):
                precondition(r.lowerBound > 0 || r.upperBound < 0, "\(name): a log-scale range must not contain 0")
            case .real(let r): precondition(r.lowerBound > 0, "\(name): a log-scale range must be positive")
            default: preconditionFailure("\(name): only numeric knobs can be log-scale")
            }
        }
        precondition((try? validate(defaultValue)) != nil, "\(name): default \(defaultValue) is not valid")
        precondition(!unsafeValues.contains(defaultValue), "\(name): the default must be safe")
    }

    /// The knob without its unsafe values: the choices a DBA who keeps crash safety would consider.
    /// Only categorical knobs may have unsafe values.
    public func safe() -> Knob {
        guard !unsafeValues.isEmpty else { return self }
        guard case .categorical(let choices) = domain else {
            preconditionFailure("\(name): only categories can be unsafe")
        }
        let kept = choices.filter { !unsafeValues.contains(.categorical($0)) }
        return Knob(
            name: name, domain: .categorical(kept), defaultValue: defaultValue, unit: unit, logScale: logScale,
            specialValues: specialValues, summary: summary)
    }

    // MARK: Validation and parsing

    /// Throws a `KnobError` saying what is expected unless `value` is a valid value of this knob.
    public func validate(_ value: KnobValue) throws(KnobError) {
        if specialValues.contains(where: { $0.value == value }) { return }
        switch (domain, value) {
        case (.integer(let r), .integer(let v)):
            guard r.contains(v) else { throw KnobError(knob: name, "\(v) is outside the range \(rangeText)") }
        case (.real(let r), .real(let v)):
            guard v.isFinite, r.contains(v) else {
                throw KnobError(knob: name, "\(v) is outside the range \(rangeText)")
            }
        case (.categorical(let choices), .categorical(let v)):
            guard choices.contains(v) else { throw KnobError(knob: name, "\"\(v)\" is not one of \(rangeText)") }
        case (.boolean, .boolean):
            return
        default:
            throw KnobError(knob: name, "\(value) is not \(typeName)")
        }
    }

    /// Why `text` is not a value of this knob, in words: a unit of the wrong kind or spelling, a time or size
    /// that is not a whole number of the knob's unit, or not a value of its type at all.
    private func unparsable(_ text: String) -> String {
        switch domain {
        case .integer, .real:
            if let problem = Units.suffixProblem(text, unit: unit) {
                return "\(text): \(problem); expected \(rangeText)"
            }
            if let converted = Units.convert(text, to: unit) {
                return "\(text) = \(converted) \(unit), not a whole number of \(unit); expected \(rangeText)"
            }
        case .categorical, .boolean: break
        }
        return "\"\(Echo.shortened(text))\" is not \(typeName) (expected \(rangeText))"
    }

    /// Parses a textual value (as written on a command line or in a CSV file) and validates it.
    public func parse(_ text: String) throws(KnobError) -> KnobValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: KnobValue?
        switch domain {
        case .integer:
            value =
                Int(trimmed).map(KnobValue.integer)
                ?? Units.convert(trimmed, to: unit).flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil }.map(
                    KnobValue.integer)
        case .real:
            value = Double(trimmed).map(KnobValue.real) ?? Units.convert(trimmed, to: unit).map(KnobValue.real)
        case .categorical(let choices):
            value =
                choices.first { $0.caseInsensitiveCompare(trimmed) == .orderedSame }.map(KnobValue.categorical)
                ?? .categorical(trimmed)
        case .boolean:
            switch trimmed.lowercased() {
            case "on", "true", "yes", "1": value = .boolean(true)
            case "off", "false", "no", "0": value = .boolean(false)
            default: value = nil
            }
        }
        if let value, specialValues.contains(where: { $0.value == value }) { return value }
        guard let value else { throw KnobError(knob: name, unparsable(trimmed)) }
        do {
            try validate(value)
        } catch  where trimmed != value.description {
            // Say what the text became, e.g. "100GB" = 13107200 (8kB).
            let converted = unit.isEmpty ? "\(value)" : "\(value) (\(unit))"
            throw KnobError(knob: name, "\(text) = \(converted) is outside the range \(rangeText)")
        }
        return value
    }

    /// "an integer", "a real number", ... for messages.
    public var typeName: String {
        switch domain {
        case .integer: "an integer"
        case .real: "a real number"
        case .categorical: "a category"
        case .boolean: "a boolean"
        }
    }

    /// The valid values in words, with the unit and special values, e.g. "16..1073741823 (8kB pages), or -1 (auto)".
    public var rangeText: String {
        var text: String
        switch domain {
        case .integer(let r): text = "\(r.lowerBound)..\(r.upperBound)"
        case .real(let r): text = "\(r.lowerBound)..\(r.upperBound)"
        case .categorical(let choices): text = "{" + choices.joined(separator: ", ") + "}"
        case .boolean: text = "on/off"
        }
        if !unit.isEmpty { text += " (\(unit))" }
        if !specialValues.isEmpty {
            text += ", or " + specialValues.map { "\($0.value) (\($0.meaning))" }.joined(separator: ", ")
        }
        return text
    }

    // MARK: The unit interval

    /// The value at position `u` of the unit interval (clamped to [0, 1]).
    public func decode(_ u: Double) -> KnobValue {
        var u = u.isFinite ? min(max(u, 0), 1) : 0
        let specialShare = Knob.specialValueWidth * Double(specialValues.count)
        if !specialValues.isEmpty {
            if u < specialShare {
                return specialValues[min(Int(u / Knob.specialValueWidth), specialValues.count - 1)].value
            }
            u = (u - specialShare) / (1 - specialShare)
        }
        switch domain {
        case .integer(let r) where logScale && r.upperBound < 0:  // magnitudes, smallest first
            return .integer(-Self.integer(at: u, in: -r.upperBound...(-r.lowerBound), logScale: true))
        case .integer(let r):
            return .integer(Self.integer(at: u, in: r, logScale: logScale))
        case .real(let r):
            let (lo, hi) = (r.lowerBound, r.upperBound)
            if u >= 1 { return .real(hi) }  // exactly, not exp(log(hi)) with a rounding error
            let x = logScale ? exp(log(lo) + u * (log(hi) - log(lo))) : lo + u * (hi - lo)
            return .real(min(max(x, lo), hi))
        case .categorical(let choices):
            return .categorical(choices[min(Int(u * Double(choices.count)), choices.count - 1)])
        case .boolean:
            return .boolean(u >= 0.5)
        }
    }

    /// The position in the unit interval of a valid value: the middle of its slice for discrete values.
    public func encode(_ value: KnobValue) -> Double {
        let specialShare = Knob.specialValueWidth * Double(specialValues.count)
        if let i = specialValues.firstIndex(where: { $0.value == value }) {
            return (Double(i) + 0.5) * Knob.specialValueWidth
        }
        let u: Double
        switch (domain, value) {
        case (.integer(let r), .integer(let v)) where logScale && r.upperBound < 0:
            u = Self.position(of: -v, in: -r.upperBound...(-r.lowerBound), logScale: true)
        case (.integer(let r), .integer(let v)):
            u = Self.position(of: v, in: r, logScale: logScale)
        case (.real(let r), .real(let v)):
            let (lo, hi) = (r.lowerBound, r.upperBound)
            u = hi == lo ? 0.5 : logScale ? (log(v) - log(lo)) / (log(hi) - log(lo)) : (v - lo) / (hi - lo)
        case (.categorical(let choices), .categorical(let v)):
            u = (Double(choices.firstIndex(of: v) ?? 0) + 0.5) / Double(choices.count)
        case (.boolean, .boolean(let v)):
            u = v ? 0.75 : 0.25
        default:
            preconditionFailure("\(name): cannot encode \(value), which is not \(typeName)")
        }
        return specialShare + min(max(u, 0), 1) * (1 - specialShare)
    }

    /// The integer whose slice holds `u`; slice [k, k+1) of the (log-)line belongs to k.
    private static func integer(at u: Double, in r: ClosedRange<Int>, logScale: Bool) -> Int {
        let (lo, hi) = (Double(r.lowerBound), Double(r.upperBound) + 1)
        let x = logScale ? exp(log(lo) + u * (log(hi) - log(lo))) : lo + u * (hi - lo)
        return min(max(Int(x.rounded(.down)), r.lowerBound), r.upperBound)
    }

    /// The middle of the slice of integer `v`.
    private static func position(of v: Int, in r: ClosedRange<Int>, logScale: Bool) -> Double {
        let (lo, hi) = (Double(r.lowerBound), Double(r.upperBound) + 1)
        let x = Double(v) + 0.5
        return logScale ? (log(x) - log(lo)) / (log(hi) - log(lo)) : (x - lo) / (hi - lo)
    }
}

/// A problem with one knob's value, naming the knob and what is expected.
public struct KnobError: Error, Equatable, CustomStringConvertible {
    public let knob: String
    public let message: String
    public init(knob: String, _ message: String) {
        self.knob = knob
        self.message = message
    }
    public var description: String { "knob \(knob): \(message)" }
}
