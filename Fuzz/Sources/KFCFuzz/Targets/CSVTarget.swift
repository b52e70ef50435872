import FLExec
import Foundation
import RunPlan

/// The CSV loader (`kfc run`, `kfc data split`) and the feature scaling applied to what it loads.
///
/// Holds for every input: no trap; a loaded dataset has one label per row and one value per
/// row and feature, and scaling keeps its shape.
enum CSVTarget {
    static func run(_ bytes: [UInt8]) {
        guard let data = try? CSVLoader.parse(Data(bytes), label: "label", path: "fuzz.csv") else { return }
        if data.features.count != data.rows * data.featureCount {
            FuzzCheck.fail("\(data.features.count) values for \(data.rows) rows × \(data.featureCount) features")
        }
        for scaling in [Scaling.none, .minmax, .standardize, .divide(by: 16)] {
            let scaled = FeatureScaler(scaling, fittedOn: data).apply(to: data)
            if scaled.features.count != data.features.count || scaled.labels != data.labels {
                FuzzCheck.fail("scaling changed the dataset's shape")
            }
        }
    }
}
