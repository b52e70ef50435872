import Foundation

/// Reads the committed reference CSVs (made by `Reference/generate.py`) from the source tree.
enum ReferenceData {
    /// The folder holding the CSVs.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")

    /// The rows of `name` as dictionaries keyed by the header.
    static func rows(_ name: String) -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            return []
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The cell `key` as a Double (inf allowed).
    func double(_ key: String) -> Double {
        guard let s = self[key] else { return .nan }
        if s == "inf" { return .infinity }
        return Double(s) ?? .nan
    }
}
