import Foundation

/// A heatmap as inline SVG: values on a grid over two inputs scaled to [0, 1], coloured with viridis (a
/// perceptually uniform scale readable with colour-blindness and in grey print; logarithmic when every
/// value is positive, so that a surface spanning a factor of ten still shows its gradients), a colour bar
/// with the values' range, tick labels of each input, and marked points (e.g. the default and the best).
struct Heatmap {
    struct Marker {
        let x: Double, y: Double
        let label: String
        /// Filled (true) or hollow.
        let filled: Bool
    }

    let title: String
    let xTitle: String, yTitle: String, valueTitle: String
    /// Grid positions in [0, 1]; `values[j][i]` is at (xs[i], ys[j]).
    let xs: [Double], ys: [Double]
    let values: [[Double]]
    let xTicks: [(position: Double, label: String)], yTicks: [(position: Double, label: String)]
    var markers: [Marker] = []
    var width = 760.0, height = 470.0

    func svg() -> String {
        let frame = PlotFrame(left: 90, right: width - 150, top: 40, bottom: height - 60)
        let flat = values.flatMap { $0 }.filter(\.isFinite)
        let (low, high) = (flat.min() ?? 0, flat.max() ?? 1)
        let logarithmic = low > 0
        func share(_ value: Double) -> Double {
            guard high > low else { return 0.5 }
            return logarithmic ? log(value / low) / log(high / low) : (value - low) / (high - low)
        }
        var svg = SVG(width: width, height: height)
        let cellWidth = (frame.right - frame.left) / Double(xs.count)
        let cellHeight = (frame.bottom - frame.top) / Double(ys.count)
        for (j, row) in values.enumerated() {
            for (i, value) in row.enumerated() {
                svg.rect(
                    frame.left + Double(i) * cellWidth, frame.bottom - Double(j + 1) * cellHeight, cellWidth + 0.3,
                    cellHeight + 0.3, .fill(Self.viridis(share(value))), title: Axis.label(value))
            }
            svg.newline()
        }
        func at(_ x: Double, _ y: Double) -> (Double, Double) {
            (
                frame.left + (x * Double(xs.count - 1) + 0.5) * cellWidth,
                frame.bottom - (y * Double(ys.count - 1) + 0.5) * cellHeight
            )
        }
        for tick in xTicks {
            let (x, _) = at(tick.position, 0)
            svg.line(x, frame.bottom, x, frame.bottom + 5, .stroke("#333"))
            svg.text(tick.label, x, frame.bottom + 19, anchor: .middle)
        }
        for tick in yTicks {
            let (_, y) = at(0, tick.position)
            svg.line(frame.left - 5, y, frame.left, y, .stroke("#333"))
            svg.text(tick.label, frame.left - 8, y + 4, anchor: .end)
        }
        svg.text(xTitle, (frame.left + frame.right) / 2, frame.bottom + 42, anchor: .middle, size: 13)
        svg.text(yTitle, 18, (frame.top + frame.bottom) / 2, anchor: .middle, size: 13, rotate: -90)
        for marker in markers {
            let (x, y) = at(marker.x, marker.y)
            svg.circle(
                x, y, radius: 6, marker.filled ? .fill("#ffffff") : .stroke("#ffffff", width: 2.5), title: marker.label)
            svg.circle(x, y, radius: 6, .stroke("#000000", width: 1))
            svg.text(marker.label, x + 9, y - 8, size: 11, bold: true, halo: true)
        }
        frame.border(into: &svg)
        colorBar(low: low, high: high, logarithmic: logarithmic, frame: frame, into: &svg)
        return svg.rendered(title: title, titleCenter: (frame.left + frame.right) / 2)
    }

    private func colorBar(low: Double, high: Double, logarithmic: Bool, frame: PlotFrame, into svg: inout SVG) {
        let x = frame.right + 24, steps = 40
        let step = (frame.bottom - frame.top) / Double(steps)
        for k in 0..<steps {
            svg.rect(
                x, frame.bottom - Double(k + 1) * step, 16, step + 0.3,
                .fill(Self.viridis(Double(k) / Double(steps - 1))))
        }
        svg.rect(x, frame.top, 16, frame.bottom - frame.top, .stroke("#333"))
        svg.text(HTMLReport.figure(high), x + 20, frame.top + 10, size: 11)
        svg.text(HTMLReport.figure(low), x + 20, frame.bottom, size: 11)
        let middle = logarithmic ? (low * high).squareRoot() : (low + high) / 2
        svg.text(HTMLReport.figure(middle), x + 20, (frame.top + frame.bottom) / 2 + 4, size: 11)
        let title = valueTitle + (logarithmic ? " (log colour scale)" : "")
        svg.text(title, x + 72, (frame.top + frame.bottom) / 2, anchor: .middle, size: 12, rotate: -90)
    }

    /// Viridis (van der Walt and Smith, matplotlib, 2015) at `share` in [0, 1], from 9 anchor colours.
    static func viridis(_ share: Double) -> String {
        let anchors: [(Double, Double, Double)] = [
            (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141), (39, 173, 129),
            (92, 200, 99), (170, 220, 50), (253, 231, 37),
        ]
        let position = min(max(share, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(position), anchors.count - 2), t = position - Double(i)
        let (a, b) = (anchors[i], anchors[i + 1])
        func channel(_ x: Double, _ y: Double) -> String {
            let v = Int((x + (y - x) * t).rounded())
            return String(v, radix: 16).count == 1 ? "0" + String(v, radix: 16) : String(v, radix: 16)
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }
}
