/// A value from the user's input as an error message repeats it: whole when short, else its first 60
/// characters and its length, so that a 1 MB name makes a short message and not a 1 MB line.
public enum Echo {
    /// Characters repeated before a value is cut.
    public static let limit = 60

    /// `text`, or its first `limit` characters followed by "... (N characters)".
    public static func shortened(_ text: String) -> String {
        guard text.count > limit else { return text }
        return "\(text.prefix(limit))... (\(text.count) characters)"
    }
}
