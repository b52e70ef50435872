import Foundation

/// A line chart as inline SVG: no scripts, no fonts to fetch, the same bytes for the same data.
struct SVGChart {
    /// One line of the chart.
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// Plot x on a log scale (the trade-off plot's ε axis).
    var logX = false
    /// Draw a marker on every point.
    var markers = false
    /// Labels of particular x values instead of numbers (e.g. "none").
    var xTickLabels: [Double: String] = [:]

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    let width = 640.0
    let height = 320.0
    let left = 64.0
    let right = 150.0
    let top = 32.0
    let bottom = 48.0

    /// The `<svg>` element.
    func svg() -> String {
        let all = series.flatMap(\.points).filter { $0.y.isFinite && $0.x.isFinite }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>\(htmlEscape(title))</title>\n"
        out += "<text x=\"\(f(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(htmlEscape(title))</text>\n"
        guard !all.isEmpty else { return out + "<text x=\"\(f(left))\" y=\"60\">no data</text>\n</svg>\n" }
        let xs = all.map { tx($0.x) }
        let (x0, x1) = Self.padded(xs.min()!, xs.max()!)
        let yTicks = Self.ticks(all.map(\.y).min()!, all.map(\.y).max()!)
        let (y0, y1) = (yTicks.first!, yTicks.last!)
        let pw = width - left - right
        let ph = height - top - bottom
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / (y1 - y0) * ph }
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#999\"/>\n"
        for t in yTicks {
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(t)))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.number(t))</text>\n"
        }
        for t in xTickValues(all.map(\.x)) {
            let label = xTickLabels[t] ?? Self.number(t)
            out +=
                "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + ph))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + ph + 4))\" stroke=\"#999\"/>"
            out +=
                "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(htmlEscape(label))</text>\n"
        }
        out +=
            "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(htmlEscape(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(14 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(htmlEscape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let pts = s.points.filter { $0.y.isFinite && $0.x.isFinite }
            let path = pts.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            out +=
                "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"><title>\(htmlEscape(s.name))</title></polyline>\n"
            if markers || pts.count == 1 {
                for p in pts { out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(color)\"/>" }
                out += "\n"
            }
            if i < 12 {
                let ly = top + 8 + Double(i) * 16
                out +=
                    "<line x1=\"\(f(left + pw + 12))\" y1=\"\(f(ly))\" x2=\"\(f(left + pw + 30))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                out += "<text x=\"\(f(left + pw + 36))\" y=\"\(f(ly + 4))\">\(htmlEscape(s.name))</text>\n"
            } else if i == 12 {
                out +=
                    "<text x=\"\(f(left + pw + 12))\" y=\"\(f(top + 8 + 12 * 16 + 4))\">… \(series.count - 12) more</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    private func tx(_ x: Double) -> Double { logX ? log10(x) : x }

    private func xTickValues(_ xs: [Double]) -> [Double] {
        let distinct = Array(Set(xs)).sorted()
        if logX || distinct.count <= 12 { return distinct }
        return Self.ticks(distinct.first!, distinct.last!).filter { $0 >= distinct.first! && $0 <= distinct.last! }
    }

    /// The range with a little room either side (or ±1 around a single value).
    static func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
        if hi - lo < 1e-12 { return (lo - 1, hi + 1) }
        let pad = (hi - lo) * 0.03
        return (lo - pad, hi + pad)
    }

    /// About five round tick values that cover [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        var (a, b) = (lo, hi)
        if b - a < 1e-12 {
            a -= 0.5
            b += 0.5
        }
        let raw = (b - a) / 5
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        let start = floor(a / step) * step
        var out: [Double] = []
        // Ticks from below `lo` up to the first one at or above `hi`, so every point is inside.
        var k = 0.0
        while true {
            let t = ((start / step).rounded() + k) * step
            out.append(t)
            if t >= b - step * 1e-9 || out.count > 50 { break }
            k += 1
        }
        if out.count < 2 { out.append(start + step) }
        return out
    }

    /// A short decimal form of `v`.
    static func number(_ v: Double) -> String {
        var s = String(format: "%.4g", v)
        if s == "-0" { s = "0" }
        return s
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
