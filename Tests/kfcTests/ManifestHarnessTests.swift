import Foundation
import Testing
import YAML

@testable import kfc

/// The manifests run, without a cluster: what `kfc build -o` emits for the digits example is read
/// back and every container of every Deployment and Job is started as a local process, with its
/// own `command` and `args`, its `env`, as its pod's user, each volume mounted at its mount path
/// (ConfigMap files written out, the Secrets from the `secretGenerator` `kfc certs` wrote, claims
/// bound to their PersistentVolume's folder or a fresh one, emptyDirs), a read-only root file
/// system where the container asks for one, and an `/etc/hosts` that names every Service
/// 127.0.0.1 (`hostAliases`, which point at cluster addresses, are ignored).
///
/// Everything runs in one private network namespace whose only interface is loopback (nothing
/// can leave it), each container in its own private mount namespace (`unshare -m`): its mounts,
/// its `/etc/hosts` and the image's `kfc` at the Dockerfile's entry point never touch the host.
/// The test knows nothing of kfc's command line: the federation must complete, and its final
/// model and accuracies are those of the in-process `kfc run`.
@Suite(.serialized) struct ManifestHarnessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Why the harness cannot run here, or nil.
    static let unavailable: String? = {
        guard getuid() == 0 else { return "the harness needs root for unshare(1) and mount(8)" }
        for tool in ["/usr/bin/unshare", "/usr/bin/setpriv", "/usr/bin/mount", "/usr/sbin/ip", "/bin/sh"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed"
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        probe.arguments = [
            "-m", "-n", "-p", "--fork", "--kill-child", "--mount-proc", "/bin/sh", "-c", "ip link set lo up",
        ]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return "unshare cannot start" }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? nil : "unshare -m -n -p is not permitted here"
    }()

    /// The image's entry point (where the image puts `kfc`), read from the Dockerfile.
    static func entrypoint() throws -> [String] {
        let text = try String(contentsOfFile: root + "/deploy/Dockerfile", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("ENTRYPOINT") })
        let json = line.dropFirst("ENTRYPOINT".count).trimmingCharacters(in: .whitespaces)
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    /// A volume mounted into a container.
    struct Mount {
        var source: String
        var path: String
        var readOnly: Bool
    }

    /// One container to start.
    struct Container {
        var name: String
        var command: [String]
        var env: [(String, String)]
        var mounts: [Mount]
        var user: Int
        var group: Int
        var fsGroup: Int
        var readOnlyRoot: Bool
        /// A Job's container, which runs to its end; a Deployment's serves until it is stopped.
        var runsToCompletion: Bool
    }

    @Test(.enabled(if: unavailable == nil, Comment(rawValue: unavailable ?? "")))
    func theDigitsManifestsRunAsLocalProcessesWithTheInProcessAccuracy() throws {
        // The image's kfc: the static one scripts/test builds as the Dockerfile does, else the suite's.
        let kfc = try #require(BinaryRunner.staticBinary ?? BinaryRunner.binary, "the kfc binary is not built")
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("kfc-harness-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        var passed = false
        defer { if passed { try? fm.removeItem(atPath: work) } }
        // The nodes' disk: --data-root names it, the PersistentVolumes point into it.
        let example = Self.root + "/examples/digits"
        let dataRoot = work + "/srv"
        try fm.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        try fm.copyItem(atPath: example + "/data", toPath: dataRoot + "/data")
        let manifests = work + "/manifests"
        let secrets = work + "/secrets"
        var r = try BinaryRunner.run(["build", example + "/topology.kf", "-o", manifests, "--data-root", dataRoot])
        try #require(r.status == 0, "\(r.stderr)")
        r = try BinaryRunner.run(["certs", example + "/topology.kf", "-o", secrets])
        try #require(r.status == 0, "\(r.stderr)")
        r = try BinaryRunner.run(["run", example + "/topology.kf", "--out", work + "/in-process"])
        try #require(r.status == 0, "\(r.stderr)")

        // Every object kfc emitted.
        var objects: [YAMLNode] = []
        for file in try fm.contentsOfDirectory(atPath: manifests).sorted()
        where file.hasSuffix(".yaml") && file != "kustomization.yaml" {
            let text = try String(contentsOfFile: manifests + "/" + file, encoding: .utf8)
            objects += try YAMLReader().values(from: text).filter { !$0.isNull }
        }
        func named(_ kind: String, _ name: String) -> YAMLNode? {
            objects.first { $0["kind"]?.string == kind && $0["metadata"]?["name"]?.string == name }
        }
        // The Secrets `kfc certs` generates: name → (key → file).
        var secretFiles: [String: [(key: String, file: String)]] = [:]
        for federation in try fm.contentsOfDirectory(atPath: secrets).sorted() {
            let dir = secrets + "/" + federation
            let text = try String(contentsOfFile: dir + "/kustomization.yaml", encoding: .utf8)
            let k = try #require(try YAMLReader().values(from: text).first)
            for generator in k["secretGenerator"]?.sequence ?? [] {
                let name = try #require(generator["name"]?.string)
                secretFiles[name] = try (generator["files"]?.sequence ?? []).map { entry in
                    let spec = try #require(entry.string)
                    let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                    return parts.count == 2
                        ? (parts[0], dir + "/" + parts[1]) : ((spec as NSString).lastPathComponent, dir + "/" + spec)
                }
            }
        }

        var folders = 0
        func freshFolder() throws -> String {
            folders += 1
            let p = work + "/volumes/\(folders)"
            try fm.createDirectory(atPath: p, withIntermediateDirectories: true)
            return p
        }
        /// What the kubelet makes of a volume: its folder on this machine.
        func source(of volume: YAMLNode, fsGroup: Int) throws -> String {
            if let name = volume["configMap"]?["name"]?.string {
                let map = try #require(named("ConfigMap", name), "no ConfigMap '\(name)'")
                let dir = try freshFolder()
                for entry in map["data"]?.mapping?.entries ?? [] {
                    try Data((entry.value.string ?? "").utf8).write(to: URL(fileURLWithPath: dir + "/" + entry.key))
                }
                return dir
            }
            if let name = volume["secret"]?["secretName"]?.string {
                let files = try #require(secretFiles[name], "kfc certs made no Secret '\(name)'")
                let dir = try freshFolder()
                for (key, file) in files {
                    try fm.copyItem(atPath: file, toPath: dir + "/" + key)
                    try fm.setAttributes(
                        [
                            .posixPermissions: volume["secret"]?["defaultMode"]?.int ?? 0o644,
                            .groupOwnerAccountID: fsGroup,
                        ], ofItemAtPath: dir + "/" + key)
                }
                return dir
            }
            if let claim = volume["persistentVolumeClaim"]?["claimName"]?.string {
                let pvc = try #require(named("PersistentVolumeClaim", claim), "no claim '\(claim)'")
                if let pvName = pvc["spec"]?["volumeName"]?.string {
                    let pv = try #require(named("PersistentVolume", pvName), "no PersistentVolume '\(pvName)'")
                    return try #require(
                        pv["spec"]?["local"]?["path"]?.string ?? pv["spec"]?["hostPath"]?["path"]?.string,
                        "PersistentVolume '\(pvName)' is neither local nor hostPath")
                }
                // Dynamically provisioned: an empty folder the pod's fsGroup may write.
                let dir = try freshFolder()
                try fm.setAttributes([.posixPermissions: 0o2775, .groupOwnerAccountID: fsGroup], ofItemAtPath: dir)
                return dir
            }
            if let path = volume["hostPath"]?["path"]?.string { return path }
            if volume["emptyDir"] != nil {
                let dir = try freshFolder()
                try fm.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: dir)
                return dir
            }
            throw HarnessError("a volume kind the harness does not know: \(volume)")
        }

        let entrypoint = try Self.entrypoint()
        var containers: [Container] = []
        var serviceNames: [String] = []
        for o in objects {
            let kind = o["kind"]?.string ?? ""
            if kind == "Service", let name = o["metadata"]?["name"]?.string,
                let ns = o["metadata"]?["namespace"]?.string
            {
                serviceNames += [name, "\(name).\(ns)", "\(name).\(ns).svc", "\(name).\(ns).svc.cluster.local"]
            }
            guard kind == "Deployment" || kind == "Job", let spec = o["spec"]?["template"]?["spec"] else { continue }
            let pod = spec["securityContext"]
            var volumes: [String: String] = [:]
            for v in spec["volumes"]?.sequence ?? [] {
                volumes[try #require(v["name"]?.string)] = try source(of: v, fsGroup: pod?["fsGroup"]?.int ?? 0)
            }
            for c in spec["containers"]?.sequence ?? [] {
                #expect(c["image"]?.string == DefaultImage.reference)
                let security = c["securityContext"]
                let user = try #require(security?["runAsUser"]?.int ?? pod?["runAsUser"]?.int, "no runAsUser")
                let group = security?["runAsGroup"]?.int ?? pod?["runAsGroup"]?.int ?? user
                var mounts: [Mount] = []
                for m in c["volumeMounts"]?.sequence ?? [] {
                    let volume = try #require(m["name"]?.string)
                    var src = try #require(volumes[volume], "no volume '\(volume)'")
                    if let sub = m["subPath"]?.string { src += "/" + sub }
                    mounts.append(
                        Mount(
                            source: src, path: try #require(m["mountPath"]?.string),
                            readOnly: m["readOnly"]?.bool ?? false))
                }
                // A container's `command` replaces the image's entry point; `args` follow.
                let command = c["command"]?.sequence?.compactMap(\.string) ?? entrypoint
                let args = c["args"]?.sequence?.compactMap(\.string) ?? []
                let env = (c["env"]?.sequence ?? []).compactMap { e -> (String, String)? in
                    guard let n = e["name"]?.string else { return nil }
                    return (n, e["value"]?.string ?? "")
                }
                containers.append(
                    Container(
                        name: "\(o["metadata"]?["name"]?.string ?? "?")-\(c["name"]?.string ?? "?")",
                        command: command + args, env: env, mounts: mounts, user: user, group: group,
                        fsGroup: pod?["fsGroup"]?.int ?? group,
                        readOnlyRoot: security?["readOnlyRootFilesystem"]?.bool ?? false,
                        runsToCompletion: kind == "Job"))
            }
        }
        #expect(containers.count == 11, "one server and ten clients")
        #expect(!serviceNames.isEmpty)
        let hosts = work + "/hosts"
        try Data("127.0.0.1 localhost \(serviceNames.joined(separator: " "))\n::1 localhost\n".utf8).write(
            to: URL(fileURLWithPath: hosts))

        // The image's kfc: the built binary, bind-mounted where the Dockerfile puts it.
        let imageBinary = try #require(entrypoint.first)
        let imageBin = (imageBinary as NSString).deletingLastPathComponent
        let logs = work + "/logs"
        try fm.createDirectory(atPath: logs, withIntermediateDirectories: true)
        /// The script that makes container `c`'s file system in its mount namespace and starts it.
        func containerScript(_ c: Container, index: Int) throws -> String {
            let scratch = work + "/ns-\(index)"
            try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            var s = "set -eu\nmount --make-rprivate /\nmount -t tmpfs tmpfs \(q(scratch))\n"
            var overlaid: Set<String> = []
            // A top-level folder gets a private writable layer before mount points are made in it.
            func overlay(_ top: String) {
                guard overlaid.insert(top).inserted else { return }
                let n = overlaid.count
                s += "mkdir -p \(q("\(scratch)/u\(n)")) \(q("\(scratch)/w\(n)"))\n"
                s +=
                    "mount -t overlay overlay -o \(q("lowerdir=\(top),upperdir=\(scratch)/u\(n),workdir=\(scratch)/w\(n)")) \(q(top))\n"
            }
            // Makes a mount point for `path` (a folder, or a file when `file`), symlinks replaced
            // by folders inside the private layer.
            func mountPoint(_ path: String, file: Bool) {
                let parts = path.split(separator: "/").map(String.init)
                guard parts.count > 1 else { return }
                overlay("/" + parts[0])
                var prefix = "/" + parts[0]
                for part in parts.dropFirst().dropLast() {
                    prefix += "/" + part
                    s += "if [ -L \(q(prefix)) ]; then rm \(q(prefix)); fi; mkdir -p \(q(prefix))\n"
                }
                s +=
                    file
                    ? "if [ -L \(q(path)) ]; then rm \(q(path)); fi; touch \(q(path))\n"
                    : "if [ -L \(q(path)) ]; then rm \(q(path)); fi; mkdir -p \(q(path))\n"
            }
            mountPoint("/etc/hosts", file: true)
            s += "cp \(q(hosts)) /etc/hosts\n"
            mountPoint(imageBinary, file: true)
            s += "mount --bind \(q(kfc.path)) \(q(imageBinary))\n"
            // Volumes under the harness's own folder go last (an emptyDir on /tmp hides it).
            let ordered = c.mounts.sorted { (work.hasPrefix($0.path) ? 1 : 0) < (work.hasPrefix($1.path) ? 1 : 0) }
            for m in ordered {
                var isDirectory: ObjCBool = false
                try #require(fm.fileExists(atPath: m.source, isDirectory: &isDirectory), "no '\(m.source)'")
                mountPoint(m.path, file: !isDirectory.boolValue)
                s += "mount --bind \(q(m.source)) \(q(m.path))\n"
                if m.readOnly { s += "mount -o remount,bind,ro \(q(m.path))\n" }
            }
            if c.readOnlyRoot {
                s += "mount -o remount,bind,ro /\n"
                for top in overlaid.sorted() { s += "mount -o remount,ro \(q(top))\n" }
            }
            s += "cd /\n"
            s += "exec setpriv --reuid=\(c.user) --regid=\(c.group) --groups=\(c.fsGroup) "
            s += "env -i PATH=\(q("\(imageBin):/usr/local/bin:/usr/bin:/bin")) HOME=/ "
            // A sanitizer build of kfc (scripts/sanitize) keeps the runner's sanitizer options:
            // they configure the binary's runtime, not the container. Reports go to the
            // container's stderr (its log), not to `log_path`: the root may be read-only.
            for name in ["ASAN_OPTIONS", "TSAN_OPTIONS"] {
                guard let value = ProcessInfo.processInfo.environment[name] else { continue }
                let kept = value.split(separator: ":").filter { !$0.hasPrefix("log_path=") }.joined(separator: ":")
                s += q("\(name)=\(kept)") + " "
            }
            s += c.env.map { q("\($0.0)=\($0.1)") }.joined(separator: " ")
            s += " " + c.command.map(q).joined(separator: " ") + "\n"
            let file = work + "/container-\(index).sh"
            try Data(s.utf8).write(to: URL(fileURLWithPath: file))
            return file
        }

        // The Jobs run to their end; then the Deployments are stopped as the cluster would stop
        // them (SIGTERM) and must exit 0 too.
        var federation = "set -eu\nip link set lo up\njobs=\nservices=\n"
        for (i, c) in containers.enumerated() {
            federation += "unshare -m /bin/sh \(q(try containerScript(c, index: i)))"
            federation += " > \(q(logs + "/\(c.name).out")) 2> \(q(logs + "/\(c.name).jsonl")) &\n"
            federation += c.runsToCompletion ? "jobs=\"$jobs $!\"\n" : "services=\"$services $!\"\n"
        }
        federation += "status=0\nfor pid in $jobs; do wait \"$pid\" || status=1; done\n"
        federation += "for pid in $services; do kill -TERM \"$pid\"; wait \"$pid\" || status=1; done\nexit $status\n"

        let script = work + "/federation.sh"
        try Data(federation.utf8).write(to: URL(fileURLWithPath: script))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // -p with --kill-child: when the harness stops unshare, every process of the run dies;
        // the namespace's own /proc (--mount-proc) is what its processes read about themselves.
        p.arguments = ["-m", "-n", "-p", "--fork", "--kill-child", "--mount-proc", "/bin/sh", script]
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logs + "/harness.txt").touched())
        try p.run()
        let deadline = Date().addingTimeInterval(90)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = p.isRunning
        // SIGKILL: unshare --fork ignores SIGTERM while it waits, so terminate() would leave the
        // run (and this test) waiting forever; --kill-child then kills the namespace's init.
        if timedOut { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let harnessLog = (try? String(contentsOfFile: logs + "/harness.txt", encoding: .utf8)) ?? ""
        let serverLog = try fm.contentsOfDirectory(atPath: logs).filter {
            $0.contains("server") && $0.hasSuffix(".jsonl")
        }
        .map { (try? String(contentsOfFile: logs + "/" + $0, encoding: .utf8)) ?? "" }.joined()
        // Whatever a container wrote to stderr that is not a JSON event (a crash, a sanitizer report).
        let stray = try fm.contentsOfDirectory(atPath: logs).sorted().filter { $0.hasSuffix(".jsonl") }.map {
            name in
            let text = (try? String(contentsOfFile: logs + "/" + name, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("{") }
            return lines.isEmpty ? "" : "\(name):\n" + lines.joined(separator: "\n") + "\n"
        }.joined()
        try #require(
            !timedOut && p.terminationStatus == 0,
            "harness: \(harnessLog)\nserver: \(serverLog)\nother output:\n\(stray)\nin \(work)")
        #expect(serverLog.contains("\"tls\":true"), "\(serverLog)")
        #expect(!serverLog.contains("\"event\":\"refused\""), "\(serverLog)")

        // What the server wrote, in whichever writable volume it keeps its state.
        let written = containers.flatMap(\.mounts).filter { !$0.readOnly }.map(\.source)
        let state = try #require(
            written.first { fm.fileExists(atPath: $0 + "/metrics.jsonl") && fm.fileExists(atPath: $0 + "/model.json") },
            "no volume holds metrics.jsonl and model.json")
        let metrics = try String(contentsOfFile: state + "/metrics.jsonl", encoding: .utf8)
        let expected = try String(contentsOfFile: work + "/in-process/metrics.jsonl", encoding: .utf8)
        #expect(accuracies(metrics).count == 10)
        #expect(accuracies(metrics) == accuracies(expected))
        let model = try Data(contentsOf: URL(fileURLWithPath: state + "/model.json"))
        let inProcess = try Data(contentsOf: URL(fileURLWithPath: work + "/in-process/model.json"))
        #expect(model == inProcess)
        passed = true
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    private func accuracies(_ jsonl: String) -> [Double] {
        struct Line: Decodable { var accuracy: Double }
        return jsonl.split(separator: "\n").compactMap { try? JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
            .map(\.accuracy)
    }

    private func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

extension URL {
    /// The file, created empty first.
    fileprivate func touched() -> URL {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return self
    }
}
