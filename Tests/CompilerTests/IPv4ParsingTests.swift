import Testing

@testable import Compiler

/// Addresses and blocks are read by bytes when the text is ASCII and by characters otherwise;
/// both readings accept exactly the dotted quads without leading zeros and the prefixes 0–32.
@Suite struct IPv4ParsingTests {
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
