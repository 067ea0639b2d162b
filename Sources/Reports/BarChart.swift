import Foundation

/// A horizontal bar chart as inline SVG: one bar per label (a median) with a whisker for an interval
/// around it (e.g. a 95% confidence interval), in the given order. Bars may come in titled groups (one
/// per environment) and in several series told apart by colour and a legend (e.g. throughput and
/// latency, or 90/95/99%). A bar without a value shows its note instead (e.g. "never reached").
struct BarChart {
    struct Bar {
        let label: String
        let median: Double?
        var low: Double? = nil, high: Double? = nil
        /// The series (colour) of the bar.
        var series = 0
        /// Shown instead of a bar when `median` is nil, and after the bar otherwise.
        var note: String? = nil
    }

    struct Group {
        let title: String?
        let bars: [Bar]
    }

    let title: String
    let valueTitle: String
    let groups: [Group]
    /// The legend's names of the series; none drawn for one series.
    var seriesNames: [String] = []
    var logarithmic = false
    var width = 760.0

    init(title: String, valueTitle: String, bars: [Bar]) {
        self.init(title: title, valueTitle: valueTitle, groups: [Group(title: nil, bars: bars)])
    }

    init(
        title: String, valueTitle: String, groups: [Group], seriesNames: [String] = [], logarithmic: Bool = false
    ) {
        self.title = title
        self.valueTitle = valueTitle
        self.groups = groups
        self.seriesNames = seriesNames
        self.logarithmic = logarithmic
    }

    func svg() -> String {
        let rowHeight = 22.0, headerHeight = 22.0
        let legend = seriesNames.count > 1 ? 24.0 : 0
        let rows = groups.reduce(0.0) { $0 + Double($1.bars.count) * rowHeight + ($1.title == nil ? 0 : headerHeight) }
        let tall = rows > 420  // a tall chart repeats its tick labels above the plot
        let top = 34.0 + legend + (tall ? 16 : 0)
        let longest = groups.flatMap { $0.bars.map(\.label.count) }.max() ?? 10
        let left = min(max(90, 24 + 7.4 * Double(longest)), 330)
        let frame = PlotFrame(left: left, right: width - 30, top: top, bottom: top + rows)
        let values = groups.flatMap { $0.bars.flatMap { [$0.median, $0.low, $0.high].compactMap { $0 } } }
        let axis = logarithmic ? Axis(logCovering: values) : Axis(covering: values + [0], count: 6)
        var svg = SVG(width: width, height: frame.bottom + 50)
        frame.horizontalAxis(axis, title: valueTitle, grid: true, into: &svg)
        if tall {
            for tick in axis.ticks {
                svg.text(Axis.label(tick), frame.x(tick, on: axis), top - 5, anchor: .middle, size: 11)
            }
        }
        var legendX = frame.left
        for (i, name) in seriesNames.enumerated() where seriesNames.count > 1 {
            svg.rect(legendX, 32, 14, 12, .fill(Self.color(i), opacity: 0.8))
            svg.text(name, legendX + 19, 43)
            legendX += 40 + 7.2 * Double(name.count)
        }
        var y = top
        for group in groups {
            if let title = group.title {
                svg.text(title, 8, y + 16, bold: true)
                svg.line(8, y + headerHeight - 1, frame.right, y + headerHeight - 1, .stroke("#bbb"))
                y += headerHeight
            }
            for bar in group.bars {
                draw(bar, at: y, height: rowHeight, frame: frame, axis: axis, into: &svg)
                y += rowHeight
            }
        }
        frame.border(into: &svg)
        return svg.rendered(title: title, titleCenter: (frame.left + frame.right) / 2)
    }

    private func draw(_ bar: Bar, at y: Double, height: Double, frame: PlotFrame, axis: Axis, into svg: inout SVG) {
        let middle = y + height / 2
        svg.text(bar.label, frame.left - 8, y + 15, anchor: .end)
        guard let median = bar.median else {
            svg.text(bar.note ?? "no value", frame.left + 6, y + 15, size: 11, color: "#555")
            return
        }
        let base = logarithmic ? axis.lower : 0
        let (x0, x1) = (frame.x(min(base, median), on: axis), frame.x(max(base, median), on: axis))
        var tip = "\(bar.label): \(Axis.label(median))"
        if let low = bar.low, let high = bar.high { tip += " [\(Axis.label(low)), \(Axis.label(high))]" }
        svg.rect(x0, y + 4, max(x1 - x0, 1), height - 8, .fill(Self.color(bar.series), opacity: 0.8), title: tip)
        if let low = bar.low, let high = bar.high {
            let (l, h) = (frame.x(low, on: axis), frame.x(high, on: axis))
            svg.line(l, middle, h, middle, .stroke("#222", width: 1.5))
            for end in [l, h] { svg.line(end, y + 6, end, y + height - 6, .stroke("#222", width: 1.5)) }
        }
        if let note = bar.note {
            svg.text(note, max(x1, frame.x(bar.high ?? median, on: axis)) + 5, y + 15, size: 11, color: "#555")
        }
        svg.newline()
    }

    static func color(_ series: Int) -> String { SVG.palette[series % SVG.palette.count] }
}
