import Testing

@testable import kfc

@Suite struct SVGChartTests {
    @Test(arguments: [(0.1887, 0.5235), (0.905, 0.9611), (0.0, 1.0), (3.0, 3.0), (1e-4, 7.9), (-2.5, 0.3)])
    func ticksCoverTheData(_ range: (Double, Double)) {
        let t = SVGChart.ticks(range.0, range.1)
        #expect(t.count >= 2)
        #expect(t.first! <= range.0 + 1e-12, "\(t) starts above \(range.0)")
        #expect(t.last! >= range.1 - 1e-12, "\(t) ends below \(range.1)")
        #expect(t == t.sorted())
    }
}
