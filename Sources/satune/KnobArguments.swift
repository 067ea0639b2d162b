import ArgumentParser

/// A `--knob name=value` argument split at its first `=`.
func knobAssignment(_ setting: String) throws -> (name: String, value: String) {
    guard let eq = setting.firstIndex(of: "=") else { throw ValidationError("--knob \(setting): expected name=value") }
    return (String(setting[..<eq]), String(setting[setting.index(after: eq)...]))
}
