import KFLang
import Testing

@testable import PolicyCheck

/// `StorageIsolation`: which clients break `dataset_local` through their storage, on small
/// hand-written manifests (a client Job per case, PVs and claims bound by `volumeName`).
@Suite struct StorageIsolationTests {
    /// A client Job of federation `fl` with client id `id`, pinned to `node` (nil: not pinned),
    /// mounting `volume` (a YAML volume source) at its data path with `subPath` when given.
    static func client(_ id: Int, node: String?, volume: String, subPath: String? = nil) -> String {
        let affinity =
            node.map {
                """
                      nodeSelector:
                        kubernetes.io/hostname: \($0)

                """
            } ?? ""
        let sub = subPath.map { "\n          subPath: \($0)" } ?? ""
        return """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: client-\(id), namespace: fl}
            spec:
              template:
                metadata:
                  labels: {kfc.dev/role: client, kfc.dev/federation: fl, kfc.dev/client: '\(id)'}
                spec:
            \(affinity)      containers:
                  - name: c
                    image: x
                    volumeMounts:
                    - name: data
                      mountPath: /var/lib/kfc/data\(sub)
                  volumes:
                  - name: data
                    \(volume)
            ---

            """
    }

    /// A local PV at `path` on `node` and a claim `claim` bound to it.
    static func volume(_ claim: String, path: String, node: String) -> String {
        """
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv-\(claim)}
        spec:
          local: {path: \(path)}
          nodeAffinity:
            required:
              nodeSelectorTerms:
              - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [\(node)]}]
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: \(claim), namespace: fl}
        spec: {volumeName: pv-\(claim)}
        ---

        """
    }

    static func claim(_ name: String) -> String { "persistentVolumeClaim: {claimName: \(name)}" }

    static func violations(_ yaml: String) -> [(String, StorageViolation.Kind, String)] {
        let ctx = CheckContext(model: TestSupport.model(yaml), strict: false)
        return StorageIsolation.violations(ctx).map { ($0.clientID, $0.kind, $0.finding.diagnostic.code) }
    }

    @Test func eachClientMountingItsOwnFileIsClean() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0") + Self.volume("d1", path: "/data", node: "edge-0")
            + Self.client(0, node: "edge-0", volume: Self.claim("d0"), subPath: "part-0.csv")
            + Self.client(1, node: "edge-0", volume: Self.claim("d1"), subPath: "part-1.csv")
        #expect(Self.violations(yaml).isEmpty)
    }

    @Test func twoClientsReadingTheSameFileReadTheSameDataset() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0") + Self.volume("d1", path: "/data", node: "edge-0")
            + Self.client(0, node: "edge-0", volume: Self.claim("d0"), subPath: "part.csv")
            + Self.client(1, node: "edge-0", volume: Self.claim("d1"), subPath: "part.csv")
        #expect(Self.violations(yaml).isEmpty)
    }

    @Test func sharedFolderIsAViolationOfBothClients() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0") + Self.volume("d1", path: "/data/", node: "edge-0")
            + Self.client(0, node: "edge-0", volume: Self.claim("d0"))
            + Self.client(1, node: "edge-0", volume: Self.claim("d1"))
        let v = Self.violations(yaml)
        #expect(v.map(\.0) == ["0", "1"])
        #expect(v.allSatisfy { $0.1 == .sharedPath && $0.2 == "KF3051" })
    }

    /// Two clients are two whatever their federation and id hold: a federation `f\0x` with id
    /// `1` is not the federation `f` with id `x\01` (joined with NUL, their keys were one, and
    /// their shared folder went unreported).
    @Test func clientsAreToldApartByFederationAndIdEvenWithNUL() {
        func client(_ n: Int, volume: String, federation: String, id: String) -> String {
            Self.client(n, node: "edge-0", volume: Self.claim(volume)).replacingOccurrences(
                of: "kfc.dev/federation: fl, kfc.dev/client: '\(n)'",
                with: "kfc.dev/federation: \"\(federation)\", kfc.dev/client: \"\(id)\"")
        }
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0") + Self.volume("d1", path: "/data", node: "edge-0")
            + client(0, volume: "d0", federation: "f\\0x", id: "1")
            + client(1, volume: "d1", federation: "f", id: "x\\01")
        let v = Self.violations(yaml)
        #expect(v.map(\.0) == ["1", "x\u{0}1"])
        #expect(v.allSatisfy { $0.1 == .sharedPath })
    }

    @Test func folderAboveAnotherClientsFileIsAViolationOfBoth() {
        let yaml =
            Self.volume("d1", path: "/data/site", node: "edge-0")
            + Self.client(0, node: "edge-0", volume: "hostPath: {path: /data, type: Directory}")
            + Self.client(1, node: "edge-0", volume: Self.claim("d1"), subPath: "part-1.csv")
        let v = Self.violations(yaml)
        #expect(Set(v.map(\.0)) == ["0", "1"])
        #expect(v.allSatisfy { $0.1 == .sharedPath })
    }

    @Test func sameFolderOnDifferentNodesIsClean() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0") + Self.volume("d1", path: "/data", node: "edge-1")
            + Self.client(0, node: "edge-0", volume: Self.claim("d0"))
            + Self.client(1, node: "edge-1", volume: Self.claim("d1"))
        #expect(Self.violations(yaml).isEmpty)
    }

    @Test func podAwayFromItsVolumeIsOffNode() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0")
            + Self.client(0, node: "edge-1", volume: Self.claim("d0"), subPath: "part-0.csv")
        #expect(Self.violations(yaml).map(\.1) == [.offNode])
        #expect(Self.violations(yaml).map(\.2) == ["KF3050"])
    }

    @Test func unpinnedPodOnNodeLocalVolumeIsUnpinned() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0")
            + Self.client(0, node: nil, volume: Self.claim("d0"), subPath: "part-0.csv")
        #expect(Self.violations(yaml).map(\.1) == [.unpinned])
        #expect(Self.violations(yaml).map(\.2) == ["KF3052"])
    }

    @Test func unpinnedHostPathFolderOverlapsEveryNode() {
        let yaml =
            Self.volume("d1", path: "/data", node: "edge-1")
            + Self.client(0, node: nil, volume: "hostPath: {path: /data, type: Directory}")
            + Self.client(1, node: "edge-1", volume: Self.claim("d1"), subPath: "part-1.csv")
        #expect(Set(Self.violations(yaml).map(\.0)) == ["0", "1"])
    }

    @Test func theCheckReportsTheViolationsFindings() {
        let yaml =
            Self.volume("d0", path: "/data", node: "edge-0")
            + Self.client(0, node: "edge-1", volume: Self.claim("d0"), subPath: "part-0.csv")
        let ctx = CheckContext(model: TestSupport.model(yaml), strict: false)
        #expect(StorageIsolationCheck.run(ctx).map(\.diagnostic.code) == ["KF3050"])
        #expect(StorageIsolationCheck.run(ctx).map(\.rule) == ["storage-isolation"])
    }

    /// The component-by-component normalisation `normalisedHostPath` skips for paths that are
    /// already normal (the reference: empty and `.` components dropped, `..` applied).
    static func reference(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(c)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    @Test(arguments: [
        "", "/", "//", "/a", "a", "a/", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/..", "/.", ".", "..", "...",
        "/a/...", "/.a/b.", "./a", "a/..", "/data/digits/part-3.csv", "/data/digits/", "/dätä/x", "/a/\u{301}b",
        "/a/.\u{301}", "/a/\r\n/b", "a//", "/a/b/c/../../d",
    ])
    func hostPathsNormaliseAsComponentByComponent(_ path: String) {
        #expect(normalisedHostPath(path) == Self.reference(path))
        // The fast path is taken only for paths the reference leaves as they are.
        #expect(!isNormalHostPath(path) || Self.reference(path) == path)
    }

    @Test func generatedHostPathsNormaliseAsComponentByComponent() {
        // Every path of up to six characters over the characters that matter.
        let alphabet = ["/", ".", "a"]
        var paths = [""]
        for _ in 0..<6 { paths = paths + paths.flatMap { p in alphabet.map { p + $0 } } }
        for p in Set(paths) {
            #expect(normalisedHostPath(p) == Self.reference(p), "\(p)")
            #expect(isNormalHostPath(p) == (Self.reference(p) == p), "\(p)")
        }
    }

    @Test(arguments: ["/a/b/c", "/", "a/b", "a", "", "/data/digits/part-3.csv", "/dätä/a/b", "/a/\u{301}/b", "//a//"])
    func ancestorsAreTheFoldersAbovePathNearestFirst(_ path: String) {
        // The reference walks characters.
        var expected: [String] = []
        var p = path
        while let slash = p.lastIndex(of: "/"), p != "/" {
            p = slash == p.startIndex ? "/" : String(p[..<slash])
            expected.append(p)
        }
        #expect(StorageIsolation.ancestors(of: path).map(String.init) == expected)
    }

    @Test func commaPartsSplitAsTheStandardLibrary() {
        for text in ["", ",", "a", "a,b", ",a,,b,", "10.0.0.0/8", "ä,b", "a,\u{301}b"] {
            #expect(SubnetModel.commaParts(text) == text.split(separator: ","), "\(text)")
        }
    }
}
