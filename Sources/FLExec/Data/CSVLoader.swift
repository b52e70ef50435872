import Foundation
import SafeFiles

/// Reads numeric CSV files: a header row, numeric feature columns and an integer label column.
///
/// Fields are separated by commas; quotes around header names are removed; blank lines are
/// skipped; `\r\n` line ends are accepted. Values are parsed in place (no per-field strings).
package enum CSVLoader {
    /// Loads the file at `path`, taking `label` as the label column and every other column as a feature.
    package static func load(path: String, label: String) throws(DataError) -> Dataset {
        return try parse(Data(try read(path)), label: label, path: path)
    }

    /// The bytes of the file at `path`, at most `BoundedRead.dataLimit` of them.
    package static func read(_ path: String) throws(DataError) -> [UInt8] {
        switch BoundedRead.contents(path, limit: BoundedRead.dataLimit) {
        case .bytes(let b): return b
        case .tooLarge(let size): throw .tooLarge(path: path, size: size, limit: BoundedRead.dataLimit)
        case .unreadable: throw .unreadable(path: path)
        }
    }

    /// Parses CSV bytes; `path` only names the source in errors.
    package static func parse(_ data: Data, label: String, path: String) throws(DataError) -> Dataset {
        var bytes = [UInt8](data)
        // A terminating zero lets strtod stop at the end of the last field.
        bytes.append(0)
        let lines = lineRanges(bytes)
        guard let headerLine = lines.first else { throw .empty(path: path) }
        let header = fields(bytes, headerLine.range).map { r -> String in
            var name = String(decoding: bytes[r], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            return name
        }
        guard let labelColumn = header.firstIndex(of: label) else {
            throw .missingLabelColumn(path: path, label: label)
        }
        let names = header.enumerated().filter { $0.offset != labelColumn }.map(\.element)
        guard lines.count > 1 else { throw .noRows(path: path) }

        var features = [Float]()
        features.reserveCapacity((lines.count - 1) * names.count)
        var labels = [Int32]()
        labels.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            let cells = fields(bytes, line.range)
            guard cells.count == header.count else {
                throw .raggedRow(path: path, row: line.number, expected: header.count, found: cells.count)
            }
            for (column, cell) in cells.enumerated() {
                let text = { String(decoding: bytes[cell], as: UTF8.self) }
                guard let value = number(bytes, cell) else {
                    if column == labelColumn {
                        throw .invalidLabel(path: path, row: line.number, column: column + 1, value: text())
                    }
                    throw .notNumeric(
                        path: path, row: line.number, column: column + 1, name: header[column], value: text())
                }
                if column == labelColumn {
                    guard value >= 0, value == value.rounded(), value < Double(Int32.max) else {
                        throw .invalidLabel(path: path, row: line.number, column: column + 1, value: text())
                    }
                    labels.append(Int32(value))
                } else {
                    features.append(Float(value))
                }
            }
        }
        return Dataset(featureNames: names, features: features, labels: labels)
    }

    /// The non-blank lines of `bytes` (without the trailing zero) with their 1-based numbers.
    static func lineRanges(_ bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var result = [(number: Int, range: Range<Int>)]()
        let end = bytes.count - 1
        var start = 0
        var number = 1
        var i = 0
        while i <= end {
            if i == end || bytes[i] == UInt8(ascii: "\n") {
                var stop = i
                if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                let blank = bytes[start..<stop].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if !blank { result.append((number, start..<stop)) }
                start = i + 1
                number += 1
            }
            i += 1
        }
        return result
    }

    /// The comma-separated fields of one line.
    static func fields(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var result = [Range<Int>]()
        var start = line.lowerBound
        for i in line where bytes[i] == UInt8(ascii: ",") {
            result.append(start..<i)
            start = i + 1
        }
        result.append(start..<line.upperBound)
        return result
    }

    /// The finite number in `field` (surrounding blanks allowed), or nil.
    private static func number(_ bytes: [UInt8], _ field: Range<Int>) -> Double? {
        var lo = field.lowerBound
        var hi = field.upperBound
        while lo < hi && (bytes[lo] == UInt8(ascii: " ") || bytes[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == UInt8(ascii: " ") || bytes[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        guard lo < hi else { return nil }
        // strtod accepts hex, "inf" and "nan"; a plain decimal starts with a digit, sign or point.
        let first = bytes[lo]
        guard
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> Double? in
            let base = UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var endPointer: UnsafeMutablePointer<CChar>?
            let v = strtod(base + lo, &endPointer)
            guard let e = endPointer, e == UnsafeMutablePointer(mutating: base + hi), v.isFinite else { return nil }
            for b in bytes[lo..<hi] where b == UInt8(ascii: "x") || b == UInt8(ascii: "X") { return nil }
            return v
        }
    }
}
