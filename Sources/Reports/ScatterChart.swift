/// A scatter chart as inline SVG: points per series on shared axes, with the diagonal y = x drawn for
/// reference (for predicted against measured values: points on the diagonal were predicted exactly).
/// With `logarithmic`, both axes are logarithmic and points at or below zero are left out.
struct ScatterChart {
    struct Series {
        let name: String
        let points: [(x: Double, y: Double)]
    }

    let title: String
    let xTitle: String
    let yTitle: String
    let series: [Series]
    var logarithmic = false
    var width = 760.0, height = 460.0

    func svg() -> String {
        let longest = Double(series.map(\.name.count).max() ?? 10)
        let frame = PlotFrame(left: 78, right: width - min(300, 60 + 7 * longest), top: 34, bottom: height - 52)
        let values = series.flatMap { $0.points.flatMap { [$0.x, $0.y] } }
        let axis = logarithmic ? Axis(logCovering: values) : Axis(covering: values, count: 6)
        var svg = SVG(width: width, height: height)
        frame.verticalAxis(axis, title: yTitle, into: &svg)
        frame.horizontalAxis(axis, title: xTitle, grid: true, into: &svg)
        svg.line(
            frame.x(axis.lower, on: axis), frame.y(axis.lower, on: axis), frame.x(axis.upper, on: axis),
            frame.y(axis.upper, on: axis), .stroke("#888", dash: "5 4"))
        for (i, s) in series.enumerated() {
            let color = SVG.palette[i % SVG.palette.count]
            for p in s.points where !logarithmic || (p.x > 0 && p.y > 0) {
                svg.circle(frame.x(p.x, on: axis), frame.y(p.y, on: axis), radius: 2.5, .fill(color, opacity: 0.45))
            }
            svg.newline()
            let legendY = frame.top + 12 + Double(i) * 22
            svg.circle(frame.right + 22, legendY - 4, radius: 5, .fill(color))
            svg.text(s.name, frame.right + 34, legendY + 1)
        }
        svg.text(
            "dashed: y = x", frame.right + 16, frame.top + 20 + Double(series.count) * 22, size: 11,
            color: "#555")
        frame.border(into: &svg)
        return svg.rendered(title: title, titleCenter: (frame.left + frame.right) / 2)
    }
}
