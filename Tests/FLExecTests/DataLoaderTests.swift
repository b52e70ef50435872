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

    /// The rows of `d` as (label, features) pairs, in order.
    private func rowsOf(_ d: Dataset) -> [[Float]] {
        (0..<d.rows).map { [Float(d.labels[$0])] + d.features[($0 * d.featureCount)..<(($0 + 1) * d.featureCount)] }
    }

    /// A data set of `rows` random rows of small integers (as digits pixels are), so rows repeat.
    private func generated(rows: Int, features: Int, using g: inout SeededGenerator) -> Dataset {
        Dataset(
            featureNames: (0..<features).map { "f\($0)" },
            features: (0..<(rows * features)).map { _ in Float(Int.random(in: 0...16, using: &g)) },
            labels: (0..<rows).map { _ in Int32.random(in: 0...9, using: &g) })
    }

    @Test(arguments: [0.0, 0.2, 0.5, 0.9])
    func addingARecordMovesNoOtherRecordBetweenTrainingAndEvaluation(fraction: Double) {
        var g = SeededGenerator(seed: 16)
        for trial in 0..<200 {
            let d = generated(rows: trial % 40, features: 1 + trial % 3, using: &g)
            let added = generated(rows: 1, features: d.featureCount, using: &g)
            let at = Int.random(in: 0...d.rows, using: &g)
            var rows = rowsOf(d)
            rows.insert(rowsOf(added)[0], at: at)
            let bigger = Dataset(
                featureNames: d.featureNames, features: rows.flatMap { $0.dropFirst() },
                labels: rows.map { Int32($0[0]) })
            let (train, eval) = d.trainEvalSplit(evalFraction: fraction)
            let (train2, eval2) = bigger.trainEvalSplit(evalFraction: fraction)
            // The added record joins one side; the other side is unchanged and the side it joined
            // is the old one with that record inserted in file order.
            let (same, grown) =
                eval2.rows > eval.rows ? ((train, train2), (eval, eval2)) : ((eval, eval2), (train, train2))
            #expect(same.0 == same.1)
            #expect(grown.1.rows == grown.0.rows + 1)
            let kept = rowsOf(grown.0)
            let withAdded = rowsOf(grown.1)
            #expect(
                (0...kept.count).contains { i in
                    var r = kept
                    r.insert(rowsOf(added)[0], at: i)
                    return r == withAdded
                })
        }
    }

    @Test func evaluationShareIsNearTheFractionAndTheSplitIsFixed() {
        var g = SeededGenerator(seed: 7)
        let d = generated(rows: 20_000, features: 8, using: &g)
        for fraction in [0.1, 0.2, 0.5] {
            let (train, eval) = d.trainEvalSplit(evalFraction: fraction)
            #expect(train.rows + eval.rows == d.rows)
            #expect(abs(Double(eval.rows) / Double(d.rows) - fraction) < 0.01)
        }
        #expect(d.trainEvalSplit(evalFraction: 0).eval.rows == 0)
        #expect(d.trainEvalSplit(evalFraction: 1).train.rows == 0)
        // The hash is fixed (no per-process seed): pinned values hold on every run and platform.
        #expect(RowHash.hash(label: 0, features: []) == 0x1ECF_CAB0_DB54_EB48)
        #expect(RowHash.hash(label: 3, features: [0, 16, 2.5]) == 0x58B6_6921_1856_3484)
    }

    @Test func identicalRowsLandOnTheSameSide() throws {
        let rows = String(repeating: "4,1\n", count: 50)
        let (train, eval) = try parse("a,label\n" + rows).trainEvalSplit(evalFraction: 0.5)
        #expect(train.rows == 0 || eval.rows == 0)
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
