import FLExec
import Foundation
import RunPlan

/// What the distributed runtime does with a peer's message body before it trusts it: the
/// bound on the model shape a client or server announces (`Network.buildableParameterCount`)
/// and the reassembly of streamed parameters (`ParameterCodec.Assembler`), the code between
/// gRPC's protobuf decoding (fuzzed by swift-protobuf itself) and aggregation or training.
///
/// The input: byte 0 chooses the shape case; bytes 1–8 are the widths a peer announces
/// (features, classes: UInt32 little-endian each); bytes 9–10 the model size the receiver
/// expects (UInt16, ≤ 65,535 floats so one input stays cheap); byte 11 bit 0 says whether the
/// header announces that size or bytes 12–19 (UInt64) as given; then chunks, each a mode byte
/// (bit 0: starts where the previous ended, else at the UInt16 that follows), a length byte (in
/// floats) and that many floats' bytes — or fewer, at the end of the input.
///
/// Holds for every input: no trap; a buildable shape has at most `DataLimits.maxParameters`
/// parameters and as many as the network's own count; an assembly that finishes holds exactly
/// the expected count, every value finite, bit for bit the chunks' bytes in order; an announced
/// count other than the expected one is refused before anything is reserved.
enum WireTarget {
    static func run(_ bytes: [UInt8]) {
        var r = Reader(bytes)
        shape(r.byte(), features: Int(r.uint32()), classes: Int(r.uint32()))
        let expected = Int(r.uint16())
        let honest = r.byte() & 1 == 1
        let announced = honest ? UInt64(expected) : r.uint64()
        let assembler = try? ParameterCodec.Assembler(announced: announced, expected: expected)
        if (assembler != nil) != (announced == UInt64(expected)) {
            FuzzCheck.fail("announced \(announced), expected \(expected): accepted \(assembler != nil)")
        }
        guard var assembler else { return }
        var accepted = [UInt8]()
        while !r.atEnd {
            let mode = r.byte()
            let offset = mode & 1 == 1 ? assembler.values.count : Int(r.uint16())
            let chunk = r.take(Int(r.byte()) * 4)
            do {
                try assembler.append(offset: offset, bytes: Data(chunk))
                accepted += chunk
            } catch {
                return
            }
        }
        guard let values = try? assembler.finish() else { return }
        if values.count != expected { FuzzCheck.fail("\(values.count) values assembled; \(expected) expected") }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { FuzzCheck.fail("value \(bad) is not finite") }
        if [UInt8](ParameterCodec.pack(values[...])) != accepted {
            FuzzCheck.fail("the assembled values are not the bytes of the chunks accepted")
        }
    }

    /// The bound on announced widths, for a logistic regression or an MLP chosen by `kind`.
    private static func shape(_ kind: UInt8, features: Int, classes: Int) {
        let hidden = kind & 1 == 1 ? [Int(kind >> 1) + 1, 7] : []
        let spec = ModelSpec(kind: hidden.isEmpty ? .logisticRegression : .mlp, hidden: hidden)
        guard let n = Network.buildableParameterCount(spec: spec, features: features, classes: classes) else {
            return
        }
        if n > DataLimits.maxParameters || features < 1 || classes < 2 {
            FuzzCheck.fail("a model of \(features) features and \(classes) classes (\(n) parameters) is buildable")
        }
        if n != Network.parameterCount(features: features, hidden: hidden, classes: classes) {
            FuzzCheck.fail("the bound's count \(n) is not the network's")
        }
    }

    /// Reads little-endian integers off the input; past its end, zeros.
    private struct Reader {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { i >= bytes.count }
        mutating func byte() -> UInt8 {
            defer { i += 1 }
            return i < bytes.count ? bytes[i] : 0
        }
        mutating func take(_ n: Int) -> [UInt8] {
            let s = Array(bytes[min(i, bytes.count)..<min(i + n, bytes.count)])
            i += n
            return s
        }
        mutating func uint16() -> UInt16 { (0..<2).reduce(0) { $0 | UInt16(byte()) << (8 * $1) } }
        mutating func uint32() -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(byte()) << (8 * $1) } }
        mutating func uint64() -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(byte()) << (8 * $1) } }
    }
}
