/// The plot area of a chart and its axes: where data maps to pixels, tick marks with round labels, light
/// grid lines, the frame, and the axis titles. Every chart draws its axes through one.
struct PlotFrame {
    let left: Double, right: Double, top: Double, bottom: Double

    /// The horizontal position of `value` on `axis`.
    func x(_ value: Double, on axis: Axis) -> Double { axis.map(value, from: left, to: right) }
    /// The vertical position of `value` on `axis` (upwards).
    func y(_ value: Double, on axis: Axis) -> Double { axis.map(value, from: bottom, to: top) }

    /// Ticks and labels under the plot (grid lines across it with `grid`), and the title below them.
    func horizontalAxis(
        _ axis: Axis, title: String, grid: Bool, label: (Double) -> String = Axis.label, into svg: inout SVG
    ) {
        for tick in axis.ticks {
            let at = x(tick, on: axis)
            if grid { svg.line(at, top, at, bottom, .stroke("#e3e3e3")) }
            svg.line(at, bottom, at, bottom + 5, .stroke("#333"))
            svg.text(label(tick), at, bottom + 19, anchor: .middle)
        }
        svg.text(title, (left + right) / 2, bottom + 40, anchor: .middle, size: 13)
    }

    /// Ticks, labels and grid lines at the left of the plot, and the title turned along it.
    func verticalAxis(_ axis: Axis, title: String, label: (Double) -> String = Axis.label, into svg: inout SVG) {
        for tick in axis.ticks {
            let at = y(tick, on: axis)
            svg.line(left, at, right, at, .stroke("#e3e3e3"))
            svg.text(label(tick), left - 6, at + 4, anchor: .end)
        }
        svg.text(title, 18, (top + bottom) / 2, anchor: .middle, size: 13, rotate: -90)
    }

    /// The frame around the plot area.
    func border(into svg: inout SVG) {
        svg.rect(left, top, right - left, bottom - top, .stroke("#333"))
        svg.newline()
    }
}
