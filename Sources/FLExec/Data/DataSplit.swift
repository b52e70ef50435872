import Foundation
import SafeFiles

/// Splits a CSV data set into per-client shards (`kfc data split`).
package enum DataSplit {
    /// The row indices each client gets, every shard in random order.
    ///
    /// Dirichlet draws are repeated until every client has at least `minimumRows` rows
    /// (default: 10, or the rows per client if fewer), so no client is left without data.
    /// The result depends only on the labels, the arguments and `seed`.
    package static func partition<Label: Hashable & Comparable>(
        labels: [Label], clients: Int, scheme: PartitionScheme, seed: UInt64, minimumRows: Int? = nil
    ) -> [[Int]]? {
        let n = labels.count
        guard clients > 0, n >= clients else { return nil }
        var g = SeededGenerator(seed: seed, stream: 0x5E1D)
        var parts: [[Int]]
        switch scheme {
        case .iid:
            var order = Array(0..<n)
            RandomSampling.shuffle(&order, &g)
            parts = (0..<clients).map { k in Array(order[(k * n / clients)..<((k + 1) * n / clients)]) }
        case .dirichlet(let alpha):
            guard alpha > 0, alpha.isFinite else { return nil }
            let minimum = minimumRows ?? min(10, n / clients)
            var byClass = [Label: [Int]]()
            for (i, l) in labels.enumerated() { byClass[l, default: []].append(i) }
            let classes = byClass.keys.sorted()
            var attempt = 0
            repeat {
                attempt += 1
                if attempt > 1000 { return nil }
                parts = Array(repeating: [], count: clients)
                for c in classes {
                    var rows = byClass[c]!
                    RandomSampling.shuffle(&rows, &g)
                    let p = RandomSampling.dirichlet(alpha: alpha, k: clients, &g)
                    var cumulative = 0.0
                    var start = 0
                    for k in 0..<clients {
                        cumulative += p[k]
                        let end =
                            k == clients - 1
                            ? rows.count : min(rows.count, Int((cumulative * Double(rows.count)).rounded()))
                        if end > start { parts[k].append(contentsOf: rows[start..<end]) }
                        start = max(start, end)
                    }
                }
            } while parts.contains { $0.count < minimum }
            for k in parts.indices { RandomSampling.shuffle(&parts[k], &g) }
        }
        return parts
    }

    /// The concentrations `kfc data split --dirichlet` accepts: finite, from 10⁻⁶ (each class
    /// goes almost whole to one client) to 10⁶ (indistinguishable from IID).
    package static let dirichletRange: ClosedRange<Double> = 1e-6...1e6

    /// Splits the CSV file at `path` into `outputDirectory/part-K.csv`, K = 0…clients−1.
    ///
    /// Each shard repeats the header and copies its rows' lines verbatim. The folder is an
    /// ``OutputFolder``: every shard is written atomically, and the shards of an earlier split
    /// into more clients are removed, so the folder never mixes two splits.
    /// - Returns: The number of rows written to each shard.
    @discardableResult
    package static func split(
        path: String, label: String, clients: Int, scheme: PartitionScheme, seed: UInt64, outputDirectory: String,
        home: String? = nil
    ) throws(DataError) -> [Int] {
        if case .dirichlet(let alpha) = scheme, !dirichletRange.contains(alpha) {
            throw .cannotSplit(path: path, reason: "alpha \(alpha) is outside \(dirichletRange)")
        }
        var bytes = try CSVLoader.read(path)
        bytes.append(0)
        let lines = CSVLoader.lineRanges(bytes)
        guard let header = lines.first else { throw .empty(path: path) }
        let names = CSVLoader.fields(bytes, header.range).map {
            String(decoding: bytes[$0], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard let column = names.firstIndex(of: label) else { throw .missingLabelColumn(path: path, label: label) }
        let rows = Array(lines.dropFirst())
        guard !rows.isEmpty else { throw .noRows(path: path) }
        var labels = [String]()
        labels.reserveCapacity(rows.count)
        for row in rows {
            let cells = CSVLoader.fields(bytes, row.range)
            guard cells.count == names.count else {
                throw .raggedRow(path: path, row: row.number, expected: names.count, found: cells.count)
            }
            labels.append(String(decoding: bytes[cells[column]], as: UTF8.self).trimmingCharacters(in: .whitespaces))
        }
        guard rows.count >= clients, clients > 0 else {
            throw .cannotSplit(path: path, reason: "\(rows.count) rows cannot fill \(clients) shards")
        }
        guard let parts = partition(labels: labels, clients: clients, scheme: scheme, seed: seed) else {
            throw .cannotSplit(
                path: path,
                reason: "no Dirichlet draw gave every shard enough rows; raise alpha or lower the number of clients")
        }
        var files: [(path: String, bytes: [UInt8])] = []
        for (k, part) in parts.enumerated() {
            var out = [UInt8](bytes[header.range])
            out.append(UInt8(ascii: "\n"))
            for i in part {
                out.append(contentsOf: bytes[rows[i].range])
                out.append(UInt8(ascii: "\n"))
            }
            files.append(("part-\(k).csv", out))
        }
        do {
            try OutputFolder(outputDirectory, home: home).replace(with: files)
        } catch {
            throw .unwritableOutput(error)
        }
        return parts.map(\.count)
    }
}
