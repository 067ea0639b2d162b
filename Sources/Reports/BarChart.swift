/// A horizontal bar chart as inline SVG: one bar per label (the median) with a whisker for an interval
/// around it (e.g. a 95% confidence interval), in the given order, and a titled value axis.
struct BarChart {
    struct Bar {
        let label: String
        let median: Double, low: Double, high: Double
    }

    let title: String
    let valueTitle: String
    let bars: [Bar]
    var width = 760.0

    func svg() -> String {
        let rowHeight = 22.0, top = 34.0
        let frame = PlotFrame(left: 230, right: width - 30, top: top, bottom: top + Double(bars.count) * rowHeight)
        let height = frame.bottom + 50
        let axis = Axis(covering: bars.flatMap { [$0.low, $0.high, 0] }, count: 6)
        var svg = SVG(width: width, height: height)
        frame.horizontalAxis(axis, title: valueTitle, grid: true, into: &svg)
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight, middle = y + rowHeight / 2
            let (x0, x1) = (frame.x(min(0, bar.median), on: axis), frame.x(max(0, bar.median), on: axis))
            let (low, high) = (frame.x(bar.low, on: axis), frame.x(bar.high, on: axis))
            svg.text(bar.label, frame.left - 8, y + 15, anchor: .end)
            svg.rect(
                x0, y + 4, max(x1 - x0, 1), rowHeight - 8, .fill("#0072B2", opacity: 0.75),
                title: "\(bar.label): \(Axis.label(bar.median)) [\(Axis.label(bar.low)), \(Axis.label(bar.high))]")
            svg.line(low, middle, high, middle, .stroke("#222", width: 1.5))
            for end in [low, high] { svg.line(end, y + 6, end, y + rowHeight - 6, .stroke("#222", width: 1.5)) }
            svg.newline()
        }
        frame.border(into: &svg)
        return svg.rendered(title: title, titleCenter: (frame.left + frame.right) / 2)
    }
}
