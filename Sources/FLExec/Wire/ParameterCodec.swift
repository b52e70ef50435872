import Foundation

/// Packs model parameters into little-endian binary32 chunks and back.
///
/// The wire format of `ParameterChunk.values`: IEEE-754 single-precision values, least
/// significant byte first, whatever the host's byte order. A model is split into chunks of at
/// most `chunkValues` floats so that no single message is large.
///
/// The receiving side trusts nothing the sender announces: it reserves only the count it knows
/// from the model (``Assembler/init(announced:expected:)``), and refuses a value that is not
/// finite, so a NaN or an infinity never reaches aggregation or training.
package enum ParameterCodec {
    /// Floats per chunk: 64 Ki floats, 256 KiB of payload (gRPC's default message limit is 4 MiB).
    package static let chunkValues = 65_536

    /// `values[range]` as packed little-endian bytes.
    package static func pack(_ values: ArraySlice<Float>) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            var offset = 0
            for v in values {
                raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
        }
        return data
    }

    /// The offsets and packed bytes of `values`, chunk by chunk.
    package static func chunks(_ values: [Float], chunkValues: Int = chunkValues) -> [(offset: Int, bytes: Data)] {
        precondition(chunkValues > 0)
        return stride(from: 0, to: values.count, by: chunkValues).map { start in
            (start, pack(values[start..<min(start + chunkValues, values.count)]))
        }
    }

    /// Why received parameters cannot be assembled.
    package enum AssemblyError: Error, Equatable, CustomStringConvertible {
        /// A chunk's byte count is not a multiple of four.
        case ragged(bytes: Int)
        /// A chunk does not start where the previous one ended.
        case outOfOrder(expected: Int, got: Int)
        /// More values arrived than the header announced.
        case tooMany(announced: Int)
        /// Fewer values arrived than the header announced.
        case tooFew(announced: Int, got: Int)
        /// The header announced another count than the model has.
        case wrongCount(announced: UInt64, expected: Int)
        /// A value is a NaN or an infinity.
        case nonFinite(index: Int)

        /// One lowercase line.
        package var description: String {
            switch self {
            case .ragged(let n): return "a parameter chunk of \(n) bytes is not a whole number of floats"
            case .outOfOrder(let e, let g): return "a parameter chunk starts at \(g); expected \(e)"
            case .tooMany(let n): return "more parameters arrived than the \(n) announced"
            case .tooFew(let n, let g): return "\(g) parameters arrived; \(n) were announced"
            case .wrongCount(let a, let e): return "the message announces \(a) parameters; the model has \(e)"
            case .nonFinite(let i): return "parameter \(i) is not a finite number"
            }
        }
    }

    /// Reassembles chunks in order into the announced number of floats.
    package struct Assembler {
        /// The number of floats announced by the header.
        package let count: Int
        /// The floats received so far.
        package private(set) var values: [Float]

        /// Expects the `expected` floats of the receiver's model, and refuses a header that
        /// announces any other count before reserving anything.
        package init(announced: UInt64, expected: Int) throws(AssemblyError) {
            guard expected >= 0, announced == UInt64(expected) else {
                throw .wrongCount(announced: announced, expected: expected)
            }
            count = expected
            values = []
            values.reserveCapacity(expected)
        }

        /// Appends one chunk that starts at `offset`.
        package mutating func append(offset: Int, bytes: Data) throws(AssemblyError) {
            guard bytes.count % 4 == 0 else { throw .ragged(bytes: bytes.count) }
            guard offset == values.count else { throw .outOfOrder(expected: values.count, got: offset) }
            guard values.count + bytes.count / 4 <= count else { throw .tooMany(announced: count) }
            let bad: Int? = bytes.withUnsafeBytes { raw in
                for i in stride(from: 0, to: raw.count, by: 4) {
                    let v = Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                    guard v.isFinite else { return values.count }
                    values.append(v)
                }
                return nil
            }
            if let bad { throw .nonFinite(index: bad) }
        }

        /// The complete parameters.
        package func finish() throws(AssemblyError) -> [Float] {
            guard values.count == count else { throw .tooFew(announced: count, got: values.count) }
            return values
        }
    }
}
