/// One value per knob, in the order of the `KnobSpace` it belongs to.
public struct Configuration: Sendable, Hashable {
    public var values: [KnobValue]
    public init(_ values: [KnobValue]) { self.values = values }
}
