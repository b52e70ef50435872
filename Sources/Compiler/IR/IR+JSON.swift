import Foundation

extension IR.Deployment {
    /// The deployment as pretty JSON with sorted keys and a final newline: the form of
    /// `kfc build --emit ir`, byte-identical across runs.
    package func jsonText(pretty: Bool = true) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
