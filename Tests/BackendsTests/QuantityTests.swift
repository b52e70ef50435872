import Testing

@testable import Backends

@Suite struct QuantityTests {
    @Test(arguments: [(500, "500m"), (1000, "1"), (2500, "2500m"), (16000, "16")])
    func cpu(millis: Int, expected: String) {
        #expect(Quantity.cpu(millis: millis) == expected)
    }

    @Test(arguments: [(8 << 30, "8Gi"), (512 << 20, "512Mi"), (1536 << 20, "1536Mi"), (1000, "1000"), (1 << 40, "1Ti")])
    func memory(bytes: Int, expected: String) {
        #expect(Quantity.memory(bytes: bytes) == expected)
    }
}
