import KFLang

/// Images must be pinned by a tag other than `latest`, or by digest.
///
/// Fails when: a container's image has no tag and no digest, or its tag is `latest`.
package enum ImagePinnedRule: WorkloadRule {
    /// Index of the rule in its direction.
    package static let rule = SecurityRule(
        id: "image-pinned", code: "KF3107", severity: .error,
        help: "pin the image by version tag or, better, by digest (image@sha256:…)")

    /// `check`.
    package static func check(_ w: WorkloadContext) -> [(message: String, path: [YAMLPathComponent])] {
        w.containers.compactMap { c in
            let image = c.node["image"]?.string ?? ""
            if hasDigest(image) { return nil }
            guard let tag = tag(of: image) else {
                return ("container '\(c.name)' uses image '\(image)' without a tag", c.path + ["image"])
            }
            return tag == "latest"
                ? ("container '\(c.name)' uses image '\(image)' with tag 'latest'", c.path + ["image"]) : nil
        }
    }

    /// The tag of an image reference: what follows the last ':' after the last '/' (a registry
    /// port is before a '/'); nil without one. An ASCII reference (every valid one) is read by
    /// its bytes, where walking characters cost thousands of instructions per client.
    package static func tag(of image: String) -> Substring? {
        let bytes = image.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let afterSlash = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
            guard let colon = bytes[afterSlash...].lastIndex(of: UInt8(ascii: ":")) else { return nil }
            return image[bytes.index(after: colon)...]
        }
        let last = image.split(separator: "/").last.map(String.init) ?? image
        guard let colon = last.lastIndex(of: ":") else { return nil }
        return Substring(last[last.index(after: colon)...])
    }

    private static let digestMarker: [UInt8] = Array("@sha256:".utf8)

    /// Whether `image` contains `@sha256:`. Foundation's search bridges the string at each call
    /// (once per client): an ASCII name (every valid image reference) is searched by its bytes,
    /// which is the same test; any other text goes through Foundation as before.
    private static func hasDigest(_ image: String) -> Bool {
        let needle = digestMarker
        let found = image.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            if bytes.contains(where: { $0 >= 0x80 }) { return nil }
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count)
            where bytes[start] == needle[0] && needle.indices.allSatisfy({ bytes[start + $0] == needle[$0] }) {
                return true
            }
            return false
        }
        return (found ?? nil) ?? image.contains("@sha256:")
    }
}
