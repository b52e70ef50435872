import Testing

@testable import Compiler

/// Addresses and blocks are read by bytes when the text is ASCII and by characters otherwise;
/// both readings accept exactly the dotted quads without leading zeros and the prefixes 0–32.
@Suite struct IPv4ParsingTests {
    /// The text written digit by digit is the interpolation of the four octets, for every
    /// width of octet, and a block's adds its prefix (written as it is when out of range).
    @Test func writesDottedQuads() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var values: [UInt32] = [0, 1, 9, 10, 99, 100, 255, 0xFFFF_FFFF, 0x0A12_0001, 0x6464_6464, 0x0A0A_0A0A]
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(UInt32(truncatingIfNeeded: state >> 32))
        }
        for v in values {
            #expect(IPv4Address(v).description == "\(v >> 24).\(v >> 16 & 0xFF).\(v >> 8 & 0xFF).\(v & 0xFF)")
            for prefix in [0, 8, 9, 10, 28, 32] {
                #expect(CIDRBlock(base: IPv4Address(v), prefix: prefix).description == "\(IPv4Address(v))/\(prefix)")
            }
        }
        #expect(CIDRBlock(base: IPv4Address(1), prefix: 100).description == "0.0.0.1/100")
        #expect(CIDRBlock(base: IPv4Address(1), prefix: -1).description == "0.0.0.1/-1")
    }

    @Test func acceptsDottedQuads() {
        #expect(IPv4Address("10.18.0.1")?.value == 0x0A12_0001)
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("255.255.255.255")?.value == 0xFFFF_FFFF)
        #expect(IPv4Address("192.168.100.9".dropFirst(0))?.value == 0xC0A8_6409)
    }

    @Test(arguments: [
        "", ".", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.0.0.1", "1.2.3.1000", "01.2.3.4",
        "1.2.3.00", "1.2.3.-4", "1.2.3.+4", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.4/8", "1.2.3.\r\n",
        "1.2.3.٤", "1.2.3.4\u{301}", "１.2.3.4",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func acceptsBlocks() {
        #expect(CIDRBlock("10.16.0.0/12") == CIDRBlock(base: IPv4Address(0x0A10_0000), prefix: 12))
        #expect(CIDRBlock("0.0.0.0/0")?.prefix == 0)
        #expect(CIDRBlock("10.0.0.1/32")?.prefix == 32)
        #expect(CIDRBlock("10.0.0.1/08")?.prefix == 8)
        // Host bits are kept.
        #expect(CIDRBlock("10.0.0.1/8")?.isCanonical == false)
    }

    @Test(arguments: [
        "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/100", "10.0.0.0/8/8", "/8", "10.0.0.0//8",
        "10.0.0.0/+8", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0.0/8 ", "010.0.0.0/8", "10.0.0.0/٨",
        "10.0.0.0/8\u{301}", "10.0.0.0\u{301}/8",
    ])
    func rejectsOtherBlocks(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }
}
