import Testing
import X509

@testable import Transport

struct IdentityTests {
    /// Serials are compared as lowercase hex, two digits a byte (zero bytes inside kept): the
    /// `revoked` file's form.
    @Test func serialsAreLowercaseHexTwoDigitsAByte() {
        #expect(CertificateAuthority.hex(Certificate.SerialNumber(bytes: [0x0f, 0xa5, 0x00, 0x7e])) == "0fa5007e")
        #expect(CertificateAuthority.hex(Certificate.SerialNumber(bytes: [0x7f, 0x01])) == "7f01")
    }
}
