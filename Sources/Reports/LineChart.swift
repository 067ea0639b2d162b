/// A line chart as inline SVG: one line per series with an optional shaded band (e.g. a confidence
/// interval around a median), titled axes, grid lines and a legend. It needs no script and no network.
struct LineChart {
    /// One line: its name in the legend, its points (x, y, band low, band high), and how it is drawn.
    struct Series {
        let name: String
        let points: [(x: Double, y: Double, low: Double, high: Double)]
        /// The palette colour (by default the series' position).
        var color: Int? = nil
        var dashed = false
        var band = true
    }

    let title: String
    let xTitle: String
    let yTitle: String
    let series: [Series]
    /// Lines under the legend saying what lines and bands show.
    var notes: [String] = []
    /// Draw lines as steps (each value holds until the next point), as best-so-far curves are.
    var stepped = false
    /// Mark each point with a dot (for curves of few points).
    var markers = false
    var logarithmicY = false
    var width = 760.0
    var height = 400.0

    func svg() -> String {
        // The legend takes the room its longest name needs; many series make the chart taller.
        let longest = Double(series.map(\.name.count).max() ?? 10)
        let height = max(self.height, 90 + 22 * Double(series.count) + 15 * Double(notes.count))
        let frame = PlotFrame(left: 78, right: width - min(330, 60 + 7 * longest), top: 34, bottom: height - 52)
        let xAxis = Axis(covering: series.flatMap { $0.points.map(\.x) }, count: 8, pad: false)
        let yValues = series.flatMap { s in s.points.flatMap { s.band ? [$0.y, $0.low, $0.high] : [$0.y] } }
        let yAxis = logarithmicY ? Axis(logCovering: yValues) : Axis(covering: yValues, count: 6)
        var svg = SVG(width: width, height: height)
        frame.verticalAxis(yAxis, title: yTitle, into: &svg)
        frame.horizontalAxis(xAxis, title: xTitle, grid: false, into: &svg)
        frame.border(into: &svg)

        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let color = SVG.palette[(s.color ?? i) % SVG.palette.count]
            let dash = s.dashed || (s.color == nil && i >= SVG.palette.count) ? "6 3" : nil
            let points = stepped ? Self.staircase(s.points) : s.points
            if s.band {
                let upper = points.map { (frame.x($0.x, on: xAxis), frame.y($0.high, on: yAxis)) }
                let lower = points.reversed().map { (frame.x($0.x, on: xAxis), frame.y($0.low, on: yAxis)) }
                svg.polygon(upper + lower, Style.band(color))
            }
            svg.polyline(
                points.map { (frame.x($0.x, on: xAxis), frame.y($0.y, on: yAxis)) },
                .stroke(color, width: 2, dash: dash))
            if markers {
                for p in s.points {
                    svg.circle(
                        frame.x(p.x, on: xAxis), frame.y(p.y, on: yAxis), radius: 3.5, .fill(color),
                        title: "\(s.name): \(Axis.label(p.x)), \(Axis.label(p.y))")
                }
            }
            let legendY = frame.top + 12 + Double(i) * 22
            if s.band { svg.rect(frame.right + 16, legendY - 9, 22, 12, Style.band(color)) }
            svg.line(frame.right + 16, legendY - 3, frame.right + 38, legendY - 3, .stroke(color, width: 2, dash: dash))
            svg.text(s.name, frame.right + 44, legendY + 1)
        }
        for (i, note) in notes.enumerated() {
            svg.text(
                note, frame.right + 16, frame.top + 20 + Double(series.count) * 22 + Double(i) * 15, size: 11,
                color: "#555")
        }
        return svg.rendered(title: title, titleCenter: (frame.left + frame.right) / 2)
    }

    /// The points of a step function: each value holds until the next x.
    static func staircase(_ points: [(x: Double, y: Double, low: Double, high: Double)]) -> [(
        x: Double, y: Double, low: Double, high: Double
    )] {
        var result: [(x: Double, y: Double, low: Double, high: Double)] = []
        for (i, p) in points.enumerated() {
            if i > 0 {
                let q = points[i - 1]
                result.append((p.x, q.y, q.low, q.high))
            }
            result.append(p)
        }
        return result
    }
}

extension SVG.Style {
    /// A translucent fill in a series' colour, for bands and legend swatches.
    static func band(_ color: String) -> SVG.Style { .fill(color, opacity: 0.18) }
}

private typealias Style = SVG.Style
