/// A line chart as inline SVG: one line per series with an optional shaded band (e.g. the interquartile
/// range around a median), titled axes, grid lines and a legend. It needs no script and no network.
struct LineChart {
    /// One line: its name in the legend and its points (x, y, band low, band high).
    struct Series {
        let name: String
        let points: [(x: Double, y: Double, low: Double, high: Double)]
    }

    let title: String
    let xTitle: String
    let yTitle: String
    let series: [Series]
    /// Lines under the legend saying what lines and bands show.
    var notes: [String] = []
    /// Draw lines as steps (each value holds until the next point), as best-so-far curves are.
    var stepped = false
    var width = 760.0
    var height = 400.0

    /// Colour-blind-safe colours (Okabe and Ito, 2008), in order of use.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    func svg() -> String {
        // The legend takes the room its longest name needs; many series make the chart taller.
        let longest = Double(series.map(\.name.count).max() ?? 10)
        let height = max(self.height, 90 + 22 * Double(series.count) + 15 * Double(notes.count))
        let (left, right, top, bottom) = (78.0, width - min(330, 60 + 7 * longest), 34.0, height - 52)
        let allX = series.flatMap { $0.points.map(\.x) }
        let allY = series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high] } }
        let xAxis = Axis(covering: allX, count: 8, pad: false)
        let yAxis = Axis(covering: allY, count: 6)
        let x = { (v: Double) in xAxis.map(v, from: left, to: right) }
        let y = { (v: Double) in yAxis.map(v, from: bottom, to: top) }

        var out = svgOpening(width: width, height: height, title: title, titleCenter: (left + right) / 2)
        for tick in yAxis.ticks {
            out += "<line x1=\"\(px(left))\" y1=\"\(px(y(tick)))\" x2=\"\(px(right))\" y2=\"\(px(y(tick)))\" stroke=\"#e3e3e3\"/>"
            out += "<text x=\"\(px(left - 6))\" y=\"\(px(y(tick) + 4))\" text-anchor=\"end\">\(Axis.label(tick))</text>\n"
        }
        for tick in xAxis.ticks {
            out += "<line x1=\"\(px(x(tick)))\" y1=\"\(px(bottom))\" x2=\"\(px(x(tick)))\" y2=\"\(px(bottom + 5))\" stroke=\"#333\"/>"
            out += "<text x=\"\(px(x(tick)))\" y=\"\(px(bottom + 19))\" text-anchor=\"middle\">\(Axis.label(tick))</text>\n"
        }
        out += "<rect x=\"\(px(left))\" y=\"\(px(top))\" width=\"\(px(right - left))\" height=\"\(px(bottom - top))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(px((left + right) / 2))\" y=\"\(px(height - 10))\" text-anchor=\"middle\" font-size=\"13\">\(escapeXML(xTitle))</text>\n"
        out += "<text transform=\"translate(18 \(px((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(escapeXML(yTitle))</text>\n"

        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let color = Self.palette[i % Self.palette.count]
            let points = stepped ? Self.staircase(s.points) : s.points
            let upper = points.map { "\(px(x($0.x))),\(px(y($0.high)))" }
            let lower = points.reversed().map { "\(px(x($0.x))),\(px(y($0.low)))" }
            out += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            let line = points.map { "\(px(x($0.x))),\(px(y($0.y)))" }.joined(separator: " ")
            let dash = i >= Self.palette.count ? " stroke-dasharray=\"6 3\"" : ""  // more series than colours
            out += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            let ly = top + 12 + Double(i) * 22
            out += "<rect x=\"\(px(right + 16))\" y=\"\(px(ly - 9))\" width=\"22\" height=\"12\" fill=\"\(color)\" fill-opacity=\"0.18\"/>"
            out += "<line x1=\"\(px(right + 16))\" y1=\"\(px(ly - 3))\" x2=\"\(px(right + 38))\" y2=\"\(px(ly - 3))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
            out += "<text x=\"\(px(right + 44))\" y=\"\(px(ly + 1))\">\(escapeXML(s.name))</text>\n"
        }
        for (i, note) in notes.enumerated() {
            out += "<text x=\"\(px(right + 16))\" y=\"\(px(top + 20 + Double(series.count) * 22 + Double(i) * 15))\" font-size=\"11\" fill=\"#555\">\(escapeXML(note))</text>\n"
        }
        out += "</svg>"
        return out
    }

    /// The points of a step function: each value holds until the next x.
    static func staircase(_ points: [(x: Double, y: Double, low: Double, high: Double)]) -> [(x: Double, y: Double, low: Double, high: Double)] {
        var result: [(x: Double, y: Double, low: Double, high: Double)] = []
        for (i, p) in points.enumerated() {
            if i > 0 { let q = points[i - 1]; result.append((p.x, q.y, q.low, q.high)) }
            result.append(p)
        }
        return result
    }
}
