import Foundation

/// A small typed builder of inline SVG: elements are added by kind with their geometry and style, text is
/// escaped in one place, and coordinates are written with two decimals. Charts draw into one.
struct SVG {
    let width: Double
    let height: Double
    private var body = ""

    /// Colour-blind-safe colours (Okabe and Ito, 2008), in order of use.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// How a shape is painted.
    struct Style {
        var stroke: String?
        var strokeWidth: Double?
        var fill: String? = "none"
        var fillOpacity: Double?
        var dash: String?

        static func stroke(_ color: String, width: Double = 1, dash: String? = nil) -> Style {
            Style(stroke: color, strokeWidth: width, dash: dash)
        }

        static func fill(_ color: String, opacity: Double? = nil) -> Style { Style(fill: color, fillOpacity: opacity) }

        var attributes: String {
            var out = ""
            if let stroke { out += " stroke=\"\(stroke)\"" }
            if let strokeWidth, strokeWidth != 1 { out += " stroke-width=\"\(px(strokeWidth))\"" }
            if let dash { out += " stroke-dasharray=\"\(dash)\"" }
            if let fill { out += " fill=\"\(fill)\"" }
            if let fillOpacity { out += " fill-opacity=\"\(px(fillOpacity))\"" }
            return out
        }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ style: Style) {
        body += "<line x1=\"\(px(x1))\" y1=\"\(px(y1))\" x2=\"\(px(x2))\" y2=\"\(px(y2))\"\(style.attributes)/>"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ style: Style, title: String? = nil) {
        let open =
            "<rect x=\"\(px(x))\" y=\"\(px(y))\" width=\"\(px(max(w, 0)))\" "
            + "height=\"\(px(max(h, 0)))\"\(style.attributes)"
        body += title.map { open + "><title>\(escapeXML($0))</title></rect>" } ?? open + "/>"
    }

    mutating func polyline(_ points: [(Double, Double)], _ style: Style) {
        body += "<polyline points=\"\(Self.points(points))\"\(style.attributes)/>\n"
    }

    mutating func polygon(_ points: [(Double, Double)], _ style: Style) {
        body += "<polygon points=\"\(Self.points(points))\"\(style.attributes)/>\n"
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, _ style: Style, title: String? = nil) {
        let open = "<circle cx=\"\(px(x))\" cy=\"\(px(y))\" r=\"\(px(radius))\"\(style.attributes)"
        body += title.map { open + "><title>\(escapeXML($0))</title></circle>" } ?? open + "/>"
    }

    enum Anchor: String { case start, middle, end }

    /// Text at (x, y); `rotate` turns it about that point (-90 for a vertical axis title); `halo` outlines
    /// it in white, to stay readable over a coloured area.
    mutating func text(
        _ string: String, _ x: Double, _ y: Double, anchor: Anchor = .start, size: Double? = nil, bold: Bool = false,
        color: String? = nil, rotate: Double? = nil, halo: Bool = false
    ) {
        var attributes =
            rotate.map { " transform=\"translate(\(px(x)) \(px(y))) rotate(\(px($0)))\"" }
            ?? " x=\"\(px(x))\" y=\"\(px(y))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if let size { attributes += " font-size=\"\(px(size))\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let color { attributes += " fill=\"\(color)\"" }
        if halo { attributes += " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" }
        body += "<text\(attributes)>\(escapeXML(string))</text>\n"
    }

    /// Ends a group of elements with a line break, for a readable file.
    mutating func newline() { body += "\n" }

    /// The document: size, font, a white background, the centred title (moved right when it would start
    /// off the left edge), then the elements.
    func rendered(title: String, titleCenter: Double) -> String {
        // About 9.2 px a character at 15 px bold: a title wider than the chart is set smaller, so that it fits.
        let fullWidth = 9.2 * Double(title.count)
        let size = fullWidth > width - 10 ? max(9, 15 * (width - 10) / fullWidth) : 15
        let half = fullWidth * size / 15 / 2
        let titleCenter = min(max(titleCenter, 5 + half), width / 2 + max(0, width / 2 - 5 - half))
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escapeXML(title))" \
            font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(px(titleCenter))" y="20" text-anchor="middle" font-size="\(px(size))" font-weight="bold">\
            \(escapeXML(title))</text>
            \(body)</svg>
            """
    }

    private static func points(_ points: [(Double, Double)]) -> String {
        points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")
    }
}

/// Escapes text for SVG and HTML.
func escapeXML(_ text: String) -> String {
    var out = ""
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A coordinate for SVG attributes, rounded to two decimals (Swift's shortest form, much faster than
/// `String(format:)` in charts of thousands of points).
func px(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
}
