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
        let rowHeight = 22.0, top = 34.0, left = 230.0, right = width - 30
        let height = top + Double(bars.count) * rowHeight + 50
        let bottom = top + Double(bars.count) * rowHeight
        let axis = Axis(covering: bars.flatMap { [$0.low, $0.high, 0] }, count: 6)
        let x = { (v: Double) in axis.map(v, from: left, to: right) }
        var out = svgOpening(width: width, height: height, title: title, titleCenter: (left + right) / 2)
        for tick in axis.ticks {
            out += "<line x1=\"\(px(x(tick)))\" y1=\"\(px(top))\" x2=\"\(px(x(tick)))\" y2=\"\(px(bottom))\" stroke=\"#e3e3e3\"/>"
            out += "<text x=\"\(px(x(tick)))\" y=\"\(px(bottom + 16))\" text-anchor=\"middle\">\(Axis.label(tick))</text>\n"
        }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let (x0, x1) = (x(min(0, bar.median)), x(max(0, bar.median)))
            out += "<text x=\"\(px(left - 8))\" y=\"\(px(y + 15))\" text-anchor=\"end\">\(escapeXML(bar.label))</text>"
            out += "<rect x=\"\(px(x0))\" y=\"\(px(y + 4))\" width=\"\(px(max(x1 - x0, 1)))\" height=\"\(px(rowHeight - 8))\" fill=\"#0072B2\" fill-opacity=\"0.75\"/>"
            out += "<line x1=\"\(px(x(bar.low)))\" y1=\"\(px(y + rowHeight / 2))\" x2=\"\(px(x(bar.high)))\" y2=\"\(px(y + rowHeight / 2))\" stroke=\"#222\" stroke-width=\"1.5\"/>"
            for v in [bar.low, bar.high] {
                out += "<line x1=\"\(px(x(v)))\" y1=\"\(px(y + 6))\" x2=\"\(px(x(v)))\" y2=\"\(px(y + rowHeight - 6))\" stroke=\"#222\" stroke-width=\"1.5\"/>"
            }
            out += "\n"
        }
        out += "<rect x=\"\(px(left))\" y=\"\(px(top))\" width=\"\(px(right - left))\" height=\"\(px(bottom - top))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(px((left + right) / 2))\" y=\"\(px(height - 12))\" text-anchor=\"middle\" font-size=\"13\">\(escapeXML(valueTitle))</text>\n"
        out += "</svg>"
        return out
    }
}
