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
        // The last component as `image.split(separator: "/").last` finds it (or the whole text).
        let last = image[image.lastComponentRange(separatedBy: UInt8(ascii: "/")) ?? image.startIndex..<image.endIndex]
        let colon =
            last.utf8.allSatisfy({ $0 < 0x80 }) ? last.utf8.lastIndex(of: UInt8(ascii: ":")) : last.lastIndex(of: ":")
        return colon.map { last[last.index(after: $0)...] }
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
