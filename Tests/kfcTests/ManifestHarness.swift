import Foundation
import Testing
import YAML

/// Runs what `kfc build -o` emitted without a cluster: every container of every Deployment and
/// Job is started as a local process, with its own `command` and `args`, its `env`, as its pod's
/// user, each volume mounted at its mount path (ConfigMap files written out, the Secrets from the
/// `secretGenerator` `kfc certs` wrote, claims bound to their PersistentVolume's folder or a
/// fresh one, emptyDirs), a read-only root file system where the container asks for one, and an
/// `/etc/hosts` that names every Service 127.0.0.1 (`hostAliases`, which point at cluster
/// addresses, are ignored).
///
/// Everything runs in one private network namespace whose only interface is loopback (nothing
/// can leave it), each container in its own private mount namespace (`unshare -m`): its mounts,
/// its `/etc/hosts` and the image's binaries never touch the host. What the image holds is the
/// caller's `Image`: files bind-mounted where the image has them, and the folders on `PATH`.
struct ManifestHarness {
    /// A volume mounted into a container.
    struct Mount {
        var source: String
        var path: String
        var readOnly: Bool
    }

    /// One container to start.
    struct Container {
        var name: String
        var image: String
        var command: [String]
        var env: [(String, String)]
        var mounts: [Mount]
        var user: Int
        var group: Int
        var fsGroup: Int
        var readOnlyRoot: Bool
        /// Whether its pod's `restartPolicy` is `Always` (a Deployment's).
        var restartAlways: Bool
        /// A Job's container, which runs to its end; a Deployment's serves until it is stopped.
        var runsToCompletion: Bool
    }

    /// What the containers' image holds on this machine.
    struct Image {
        /// The entry point, for containers without a `command`.
        var entrypoint: [String] = []
        /// Host files bind-mounted over paths of the container (host path, container path).
        var binds: [(String, String)] = []
        /// Folders on the container's `PATH`, first.
        var path: [String] = []
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

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

    /// The harness's folder (volumes, logs, scripts).
    let work: String
    /// Every object kfc emitted.
    let objects: [YAMLNode]
    /// The Secrets `kfc certs` generates: name → (key → file).
    let secretFiles: [String: [(key: String, file: String)]]
    /// Where each container's stdout (`<name>.out`) and stderr (`<name>.err`) go.
    var logs: String { work + "/logs" }
    /// The `/etc/hosts` every container sees: each Service's names as 127.0.0.1.
    var hosts: String { work + "/hosts" }

    private let fm = FileManager.default

    /// Builds `file` as a cluster would get it, in `work`: `data` copied to the nodes' disk
    /// (`work/srv/<dataFolder>`, the `--data-root`), `kfc build -o work/manifests` and
    /// `kfc certs -o work/secrets`; then reads them.
    init(building file: String, data: String, dataFolder: String, in work: String) throws {
        let fm = FileManager.default
        let dataRoot = work + "/srv"
        try fm.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        try fm.copyItem(atPath: data, toPath: dataRoot + "/" + dataFolder)
        var r = try BinaryRunner.run(["build", file, "-o", work + "/manifests", "--data-root", dataRoot])
        try #require(r.status == 0, "\(r.stderr)")
        r = try BinaryRunner.run(["certs", file, "-o", work + "/secrets"])
        try #require(r.status == 0, "\(r.stderr)")
        try self.init(work: work, manifests: work + "/manifests", secrets: work + "/secrets")
    }

    /// Reads the manifests folder `manifests` and the certificates folder `secrets` (`kfc certs -o`).
    init(work: String, manifests: String, secrets: String) throws {
        self.work = work
        var objects: [YAMLNode] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: manifests).sorted()
        where file.hasSuffix(".yaml") && file != "kustomization.yaml" {
            let text = try String(contentsOfFile: manifests + "/" + file, encoding: .utf8)
            objects += try YAMLReader().values(from: text).filter { !$0.isNull }
        }
        self.objects = objects
        var secretFiles: [String: [(key: String, file: String)]] = [:]
        for federation in try FileManager.default.contentsOfDirectory(atPath: secrets).sorted() {
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
        self.secretFiles = secretFiles
        try FileManager.default.createDirectory(atPath: work + "/logs", withIntermediateDirectories: true)
    }

    /// The object of `kind` named `name`.
    func named(_ kind: String, _ name: String) -> YAMLNode? {
        objects.first { $0["kind"]?.string == kind && $0["metadata"]?["name"]?.string == name }
    }

    /// Every container of every Deployment and Job, with its volumes made on this machine; and
    /// writes `hosts`.
    func containers(entrypoint: [String]) throws -> [Container] {
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
                for (key, value) in map["data"]?.mapping?.pairs ?? [] {
                    try Data((value.string ?? "").utf8).write(to: URL(fileURLWithPath: dir + "/" + key))
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
                        image: c["image"]?.string ?? "", command: command + args, env: env, mounts: mounts,
                        user: user, group: group, fsGroup: pod?["fsGroup"]?.int ?? group,
                        readOnlyRoot: security?["readOnlyRootFilesystem"]?.bool ?? false,
                        restartAlways: spec["restartPolicy"]?.string == "Always", runsToCompletion: kind == "Job"))
            }
        }
        try Data("127.0.0.1 localhost \(serviceNames.joined(separator: " "))\n::1 localhost\n".utf8).write(
            to: URL(fileURLWithPath: hosts))
        return containers
    }

    /// The script that makes container `c`'s file system in its mount namespace and starts it.
    func containerScript(_ c: Container, index: Int, image: Image) throws -> String {
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
        for (host, target) in image.binds {
            mountPoint(target, file: true)
            s += "mount --bind \(q(host)) \(q(target))\n"
        }
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
        let path = (image.path + ["/usr/local/bin", "/usr/bin", "/bin"]).joined(separator: ":")
        s += "env -i PATH=\(q(path)) HOME=/ "
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

    /// Starts `containers` in one loopback-only network namespace and waits for the Jobs'
    /// containers to end (nil `driver`), or for `driver` — a shell script run as root in the same
    /// network namespace, with `hosts` as its `/etc/hosts`. Then every Deployment's container is
    /// stopped as the cluster stops it, with SIGTERM, and must exit with a status in
    /// `stopStatuses`. With a driver, a container whose pod restarts `Always` is started again a
    /// second after it exits, as the kubelet would (a SuperNode gives up on a SuperLink that is
    /// not up yet). Returns whether it timed out, the exit status (0 when the Jobs, or the
    /// driver, and the stops all succeeded) and the harness's own log.
    func run(
        _ containers: [Container], image: Image, driver: String? = nil, stopStatuses: Set<Int32> = [0],
        timeout: TimeInterval
    ) throws -> (timedOut: Bool, status: Int32, log: String) {
        // Container names are Kubernetes names (letters, digits, dashes): safe in the script unquoted.
        var federation = "set -eu\nip link set lo up\njobs=\nservices=\n"
        for (i, c) in containers.enumerated() {
            let start = "unshare -m /bin/sh \(q(try containerScript(c, index: i, image: image)))"
            let output = " >> \(q(logs + "/\(c.name).out")) 2>> \(q(logs + "/\(c.name).err"))"
            if c.runsToCompletion {
                federation += start + output + " &\njobs=\"$jobs $!\"\n"
            } else if driver != nil && c.restartAlways {
                // Restarted until SIGTERM, which goes to the running container; the loop exits
                // with that container's status.
                federation += "(s=0; c=; stop=0; trap 'stop=1; if [ -n \"$c\" ]; then kill -TERM \"$c\"; fi' TERM\n"
                federation += " while :; do \(start)\(output) & c=$!; s=0; wait \"$c\" || s=$?\n"
                federation +=
                    "  if [ $stop = 1 ]; then if [ $s -gt 128 ]; then s=0; wait \"$c\" || s=$?; fi; exit $s; fi\n"
                federation +=
                    "  c=; sleep 1; if [ $stop = 1 ]; then exit $s; fi\n done) &\nservices=\"$! \(c.name) $services\"\n"
            } else {
                federation += start + output + " &\nservices=\"$! \(c.name) $services\"\n"
            }
        }
        federation += "status=0\n"
        if let driver {
            let file = work + "/driver.sh"
            try Data(driver.utf8).write(to: URL(fileURLWithPath: file))
            let inner = "mount --make-rprivate / && mount --bind \(q(hosts)) /etc/hosts && exec /bin/sh \(q(file))"
            federation += "unshare -m /bin/sh -c \(q(inner)) || status=$?\n"
            federation += "for pid in $jobs; do kill \"$pid\" 2>/dev/null || true; done\n"
        } else {
            federation += "for pid in $jobs; do wait \"$pid\" || status=1; done\n"
        }
        let accepted = stopStatuses.sorted().map(String.init).joined(separator: "|")
        // Last started, first stopped: the clients while their server still answers.
        federation += "set -- $services\nwhile [ $# -gt 0 ]; do pid=$1; name=$2; shift 2\n"
        federation += " kill -TERM \"$pid\"; s=0; wait \"$pid\" || s=$?\n"
        federation += " case $s in \(accepted)) ;; *) echo \"$name exited $s on SIGTERM\" >&2; "
        federation += "[ $status != 0 ] || status=1 ;; esac\ndone\nexit $status\n"
        let script = work + "/federation.sh"
        try Data(federation.utf8).write(to: URL(fileURLWithPath: script))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // -p with --kill-child: when the harness stops unshare, every process of the run dies;
        // the namespace's own /proc (--mount-proc) is what its processes read about themselves.
        p.arguments = ["-m", "-n", "-p", "--fork", "--kill-child", "--mount-proc", "/bin/sh", script]
        let logFile = logs + "/harness.txt"
        _ = fm.createFile(atPath: logFile, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = p.isRunning
        // SIGKILL: unshare --fork ignores SIGTERM while it waits, so terminate() would leave the
        // run (and this test) waiting forever; --kill-child then kills the namespace's init.
        if timedOut { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return (timedOut, p.terminationStatus, log)
    }

    /// The concatenated stderr of the containers whose name contains `part`.
    func errors(of part: String) throws -> String { try logs(of: part, ".err") }

    /// The concatenated stdout and stderr of the containers whose name contains `part`.
    func output(of part: String) throws -> String { try logs(of: part, ".out") + logs(of: part, ".err") }

    private func logs(of part: String, _ suffix: String) throws -> String {
        try fm.contentsOfDirectory(atPath: logs).sorted().filter { $0.contains(part) && $0.hasSuffix(suffix) }
            .map { (try? String(contentsOfFile: logs + "/" + $0, encoding: .utf8)) ?? "" }.joined()
    }

    func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
