import SafeFiles

/// Why a CSV data set could not be loaded or split. Rows and columns are 1-based, and the
/// header is row 1, so positions match what an editor shows.
package enum DataError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String)
    /// The file is larger than ``SafeFiles/BoundedRead/dataLimit``.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The file has no header row.
    case empty(path: String)
    /// The file has a header but no data rows.
    case noRows(path: String)
    /// The label column named in the plan is not in the header.
    case missingLabelColumn(path: String, label: String)
    /// A row has a different number of fields than the header.
    case raggedRow(path: String, row: Int, expected: Int, found: Int)
    /// A feature value is not a finite number.
    case notNumeric(path: String, row: Int, column: Int, name: String, value: String)
    /// A label is not a non-negative integer.
    case invalidLabel(path: String, row: Int, column: Int, value: String)
    /// A split asked for something the data cannot give.
    case cannotSplit(path: String, reason: String)
    /// An output file could not be written.
    case unwritable(path: String)
    /// An output folder could not be written, or is one kfc refuses to write into.
    case unwritableOutput(FileError)
    /// The plan declares a number of records (what the privacy accounting assumed) that the
    /// file's rows do not match within ``DataLimits/recordsTolerance``.
    case recordsMismatch(path: String, declared: Int, rows: Int)

    /// One line: `path:row:column: what`.
    package var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the file"
        case .tooLarge(let p, let size, let limit): return "\(p): the file is \(size) bytes; at most \(limit) are read"
        case .empty(let p): return "\(p): the file is empty; expected a header row"
        case .noRows(let p): return "\(p): the file has a header but no data rows"
        case .missingLabelColumn(let p, let label): return "\(p):1: no label column '\(label)' in the header"
        case .raggedRow(let p, let row, let expected, let found):
            return "\(p):\(row): row has \(found) fields; the header has \(expected)"
        case .notNumeric(let p, let row, let column, let name, let value):
            return "\(p):\(row):\(column): value '\(value)' of column '\(name)' is not a number"
        case .invalidLabel(let p, let row, let column, let value):
            return "\(p):\(row):\(column): label '\(value)' is not a non-negative integer"
        case .cannotSplit(let p, let reason): return "\(p): cannot split: \(reason)"
        case .unwritable(let p): return "\(p): cannot write the file"
        case .unwritableOutput(let e): return e.description
        case .recordsMismatch(let p, let declared, let rows):
            return "\(p): the dataset declares \(declared) records but the file has \(rows) rows"
        }
    }
}
