import FLExec
import Foundation
import Testing

@testable import Transport

struct ParameterCodecTests {
    @Test func packsLittleEndianBinary32() {
        // 1.0 = 0x3F800000, -2.5 = 0xC0200000, least significant byte first.
        let bytes = [UInt8](ParameterCodec.pack([1.0, -2.5][...]))
        #expect(bytes == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
    }

    @Test func chunksReassembleBitForBit() throws {
        // Scattered bit patterns with bit 30 clear: every sign, subnormals, never NaN or infinity.
        let values: [Float] = (0..<1001).map { Float(bitPattern: (UInt32($0) &* 2_654_435_761) & 0xBFFF_FFFF) }
        let chunks = ParameterCodec.chunks(values, chunkValues: 100)
        #expect(chunks.count == 11)
        #expect(chunks.map(\.offset) == Array(stride(from: 0, to: 1001, by: 100)))
        var assembler = try ParameterCodec.Assembler(announced: UInt64(values.count), expected: values.count)
        for c in chunks { try assembler.append(offset: c.offset, bytes: c.bytes) }
        let back = try assembler.finish()
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func refusesRaggedOutOfOrderShortAndLongStreams() throws {
        var a = try ParameterCodec.Assembler(announced: 4, expected: 4)
        #expect(throws: ParameterCodec.AssemblyError.ragged(bytes: 3)) {
            try a.append(offset: 0, bytes: Data([1, 2, 3]))
        }
        #expect(throws: ParameterCodec.AssemblyError.outOfOrder(expected: 0, got: 2)) {
            try a.append(offset: 2, bytes: ParameterCodec.pack([1][...]))
        }
        try a.append(offset: 0, bytes: ParameterCodec.pack([1, 2][...]))
        #expect(throws: ParameterCodec.AssemblyError.tooFew(announced: 4, got: 2)) { try a.finish() }
        #expect(throws: ParameterCodec.AssemblyError.tooMany(announced: 4)) {
            try a.append(offset: 2, bytes: ParameterCodec.pack([1, 2, 3][...]))
        }
    }

    /// A header's count is never trusted: only the model's own size is reserved.
    @Test func refusesACountOtherThanTheModelsBeforeReservingIt() {
        #expect(throws: ParameterCodec.AssemblyError.wrongCount(announced: 1 << 62, expected: 650)) {
            _ = try ParameterCodec.Assembler(announced: 1 << 62, expected: 650)
        }
        #expect(throws: ParameterCodec.AssemblyError.wrongCount(announced: .max, expected: 0)) {
            _ = try ParameterCodec.Assembler(announced: .max, expected: 0)
        }
    }

    @Test func refusesNaNAndInfinities() throws {
        for bad in [Float.nan, .infinity, -.infinity, Float(bitPattern: 0x7FA0_0001)] {
            var a = try ParameterCodec.Assembler(announced: 3, expected: 3)
            #expect(throws: ParameterCodec.AssemblyError.nonFinite(index: 1)) {
                try a.append(offset: 0, bytes: ParameterCodec.pack([1, bad, 2][...]))
            }
        }
    }
}
