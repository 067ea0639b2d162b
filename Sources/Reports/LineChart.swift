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

    func svg() -> String {
        // The legend takes the room its longest name needs; many series make the chart taller.
        let longest = Double(series.map(\.name.count).max() ?? 10)
        let height = max(self.height, 90 + 22 * Double(series.count) + 15 * Double(notes.count))
        let frame = PlotFrame(left: 78, right: width - min(330, 60 + 7 * longest), top: 34, bottom: height - 52)
        let xAxis = Axis(covering: series.flatMap { $0.points.map(\.x) }, count: 8, pad: false)
        let yAxis = Axis(covering: series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high] } }, count: 6)
        var svg = SVG(width: width, height: height)
        frame.verticalAxis(yAxis, title: yTitle, into: &svg)
        frame.horizontalAxis(xAxis, title: xTitle, grid: false, into: &svg)
        frame.border(into: &svg)

        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let color = SVG.palette[i % SVG.palette.count]
            let dash = i >= SVG.palette.count ? "6 3" : nil  // more series than colours
            let points = stepped ? Self.staircase(s.points) : s.points
            let upper = points.map { (frame.x($0.x, on: xAxis), frame.y($0.high, on: yAxis)) }
            let lower = points.reversed().map { (frame.x($0.x, on: xAxis), frame.y($0.low, on: yAxis)) }
            svg.polygon(upper + lower, Style.band(color))
            svg.polyline(
                points.map { (frame.x($0.x, on: xAxis), frame.y($0.y, on: yAxis)) },
                .stroke(color, width: 2, dash: dash))
            let legendY = frame.top + 12 + Double(i) * 22
            svg.rect(frame.right + 16, legendY - 9, 22, 12, Style.band(color))
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
