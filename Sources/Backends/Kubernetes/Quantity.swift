/// Kubernetes resource quantities from the IR's integers.
package enum Quantity {
    /// Millicores as a CPU quantity: `2` for 2000, `500m` for 500.
    package static func cpu(millis: Int) -> String {
        millis % 1000 == 0 ? String(millis / 1000) : "\(millis)m"
    }

    /// Bytes as a memory quantity in the largest binary unit that divides it: `8Gi`, `512Mi`.
    package static func memory(bytes: Int) -> String {
        let units: [(String, Int)] = [("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        for (suffix, size) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return String(bytes)
    }
}
