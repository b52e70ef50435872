import Foundation
import RunPlan
import Testing

@testable import FLExec

@Suite struct DataLoaderTests {
    private func parse(_ text: String, label: String = "label") throws(DataError) -> Dataset {
        try CSVLoader.parse(Data(text.utf8), label: label, path: "d.csv")
    }

    @Test func loadsFeaturesAndLabelsInFileOrder() throws {
        let d = try parse("a,label,b\r\n1,0,2.5\n\n-3e1, 2 ,+4\n")
        #expect(d.featureNames == ["a", "b"])
        #expect(d.features == [1, 2.5, -30, 4])
        #expect(d.labels == [0, 2])
        #expect(d.classCount == 3)
    }

    @Test(arguments: [
        ("", DataError.empty(path: "d.csv")),
        ("a,label\n", .noRows(path: "d.csv")),
        ("a,b\n1,2\n", .missingLabelColumn(path: "d.csv", label: "label")),
        ("a,label\n1,0\n2\n", .raggedRow(path: "d.csv", row: 3, expected: 2, found: 1)),
        ("a,label\n1,0\n\n2,1,3\n", .raggedRow(path: "d.csv", row: 4, expected: 2, found: 3)),
        ("a,b,label\n1,x7,0\n", .notNumeric(path: "d.csv", row: 2, column: 2, name: "b", value: "x7")),
        ("a,b,label\n1,,0\n", .notNumeric(path: "d.csv", row: 2, column: 2, name: "b", value: "")),
        ("a,b,label\n1,nan,0\n", .notNumeric(path: "d.csv", row: 2, column: 2, name: "b", value: "nan")),
        ("a,b,label\n1,0x10,0\n", .notNumeric(path: "d.csv", row: 2, column: 2, name: "b", value: "0x10")),
        ("a,label\n1,1.5\n", .invalidLabel(path: "d.csv", row: 2, column: 2, value: "1.5")),
        ("a,label\n1,-1\n", .invalidLabel(path: "d.csv", row: 2, column: 2, value: "-1")),
        ("a,label\n1,cat\n", .invalidLabel(path: "d.csv", row: 2, column: 2, value: "cat")),
    ])
    func reportsMalformedInputWithPosition(text: String, expected: DataError) {
        #expect(throws: expected) { try parse(text) }
    }

    @Test func errorMessagesNamePathRowAndColumn() {
        let e = DataError.notNumeric(path: "d.csv", row: 7, column: 3, name: "pixel_2", value: "x")
        #expect(e.description == "d.csv:7:3: value 'x' of column 'pixel_2' is not a number")
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: DataError.unreadable(path: "/nonexistent/x.csv")) {
            try CSVLoader.load(path: "/nonexistent/x.csv", label: "label")
        }
    }

    @Test func evaluationRowsAreTheLastFifthInFileOrder() throws {
        let rows = (0..<10).map { "\($0),\($0 % 2)" }.joined(separator: "\n")
        let (train, eval) = try parse("a,label\n" + rows).trainEvalSplit(evalFraction: 0.2)
        #expect(train.features == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(eval.features == [8, 9])
        let (t1, e1) = try parse("a,label\n1,0").trainEvalSplit(evalFraction: 0.9)
        #expect(t1.rows == 1 && e1.rows == 0)
    }

    @Test func divideScaling() throws {
        let d = try parse("a,b,label\n16,8,0\n0,4,1\n")
        let s = FeatureScaler(.divide(by: 16), fittedOn: d).apply(to: d)
        #expect(s.features == [1, 0.5, 0, 0.25])
    }

    @Test func affineScalingIsScaleTimesXPlusShift() throws {
        let d = try parse("a,b,label\n16,8,0\n0,4,1\n")
        let s = FeatureScaler(.affine(scale: 0.0625, shift: -0.5), fittedOn: d).apply(to: d)
        #expect(s.features == [0.5, 0, -0.5, -0.25])
    }

    @Test func minMaxScalingUsesTrainingStatisticsAndSurvivesConstants() throws {
        let train = try parse("a,b,label\n2,5,0\n4,5,1\n6,5,0\n")
        let scaler = FeatureScaler(.minmax, fittedOn: train)
        #expect(scaler.apply(to: train).features == [0, 0, 0.5, 0, 1, 0])
        let eval = try parse("a,b,label\n8,7,0\n")
        #expect(scaler.apply(to: eval).features == [1.5, 2])
    }

    @Test func standardizationGivesZeroMeanUnitVariance() throws {
        let d = try parse("a,label\n1,0\n2,0\n3,0\n4,1\n")
        let s = FeatureScaler(.standardize, fittedOn: d).apply(to: d).features.map(Double.init)
        let mean = s.reduce(0, +) / 4
        let variance = s.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        #expect(abs(mean) < 1e-6)
        #expect(abs(variance - 1) < 1e-5)
    }

    @Test func noScalingIsIdentity() throws {
        let d = try parse("a,label\n3,0\n")
        #expect(FeatureScaler(Scaling.none, fittedOn: d).apply(to: d) == d)
    }
}
