import Compiler
import IRFixtures
import Testing
import YAML

@testable import Backends

@Suite struct KubernetesEmitterTests {
    let ir = IRFixtures.kubeflower(n: 10)

    /// A dataset's file name and folder read by bytes (ASCII paths) are those read by characters.
    @Test func datasetFileNameAndFolderReadByBytesMatchTheReadingByCharacters() {
        for path in [
            "/data/digits/part-3.csv", "part.csv", "/a/b/", "/a//b//", "/", "//", "", "a/", "/x.csv", "é/ü.csv",
        ] {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            #expect(DatasetVolumes.fileName(of: path) == name, "\(path)")
            let folder = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
            #expect(DatasetVolumes.hostFolder(of: path) == folder, "\(path)")
        }
    }

    @Test func oneNamespacePerFederationEnforcingRestricted() {
        let (p, diagnostics) = build(IRFixtures.multiSite(), [.k8s])
        #expect(p.objects(.namespace).map(\.name) == ["genomics-fl", "xray-fl"])
        let xray = p.object(.namespace, "xray-fl")!.body
        #expect(xray["metadata"]?["labels"]?["pod-security.kubernetes.io/enforce"]?.string == "restricted")
        // genomics-fl mounts a dataset with hostPath: it cannot enforce restricted, and says so.
        let genomics = p.object(.namespace, "genomics-fl")!.body
        #expect(genomics["metadata"]?["labels"]?["pod-security.kubernetes.io/enforce"]?.string == "privileged")
        #expect(genomics["metadata"]?["labels"]?["pod-security.kubernetes.io/warn"]?.string == "restricted")
        #expect(diagnostics.map(\.code) == ["KF5001"])
        #expect(diagnostics.first?.message.contains("'variants[1]'") == true)
    }

    @Test func serviceAccountHasNoToken() {
        let (p, _) = build(ir, [.k8s])
        let sa = p.object(.serviceAccount, "kfc")!
        #expect(sa.namespace == "digits-fl")
        #expect(sa.body["automountServiceAccountToken"]?.bool == false)
        for w in p.objects(.deployment) + p.objects(.job) {
            #expect(w.body.podSpec?["serviceAccountName"]?.string == "kfc")
            #expect(w.body.podSpec?["automountServiceAccountToken"]?.bool == false)
        }
    }

    @Test func serverDeployment() throws {
        let (p, _) = build(ir, [.k8s])
        let d = try #require(p.object(.deployment, "digits-fl-server")).body
        #expect(d.at("spec.replicas")?.int == 1)
        #expect(d.at("spec.strategy.type")?.string == "Recreate")
        let container = try #require(d.podSpec?.at("containers.0"))
        #expect(
            container["args"] == [
                "exec", "server", "--plan", "/etc/kfc/plan.json", "--state", "/var/lib/kfc/checkpoints", "--tls-dir",
                "/var/run/secrets/kfc/tls", "--health-port", "8081", "--linger",
            ])
        #expect(container["command"] == ["kfc"])
        // The kubelet probes the plaintext health port, not the mutual-TLS federation port.
        #expect(container.at("readinessProbe.grpc.port")?.int == 8081)
        #expect(container.at("livenessProbe.grpc.port")?.int == 8081)
        #expect(container.at("ports.1.containerPort")?.int == 8081)
        let tls = d.podSpec?["volumes"]?.sequence?.first { $0["name"]?.string == "tls" }
        #expect(tls?.at("secret.secretName")?.string == "digits-fl-server-tls")
        #expect(container.at("ports.0.containerPort")?.int == 8080)
        #expect(container.at("resources.requests.cpu")?.string == "1")
        #expect(container.at("resources.limits.memory")?.string == "2Gi")
        let annotations = try #require(d.at("spec.template.metadata.annotations"))
        #expect(annotations["ovn.kubernetes.io/logical_switch"]?.string == "fl-net-core")
        #expect(annotations["ovn.kubernetes.io/ip_address"]?.string == ir.federations[0].server.address)
        #expect(hostnames(d) == ["cloud-1"])
        // Its checkpoints live on a claim, mounted writable.
        let claim = d.podSpec?["volumes"]?.sequence?.first { $0["name"]?.string == "checkpoints" }
        #expect(claim?.at("persistentVolumeClaim.claimName")?.string == "digits-fl-server-checkpoints")
        #expect(p.object(.persistentVolumeClaim, "digits-fl-server-checkpoints") != nil)
        // And a Service in front of it.
        let s = try #require(p.object(.service, "digits-fl-server")).body
        #expect(s.at("spec.ports.0.port")?.int == 8080)
        #expect(s.at("spec.selector") == d.at("spec.selector.matchLabels"))
    }

    @Test func stateVolumesHoldTheLargestModelThePlanAllows() throws {
        // Widths inferred from the data: sized for the executor's largest model, 2^24 values:
        // 2 × (4 × ⌈4 × 2^24 / 3⌉ + 1 MiB) bytes → 173 MiB; 128 × 2^24 bytes + 64 MiB.
        var f = ir.federations[0]
        #expect(RunPlanEmitter.model(try #require(f.model)).parameterBound == 1 << 24)
        #expect(KubernetesEmitter.ledgerClaimSize(f) == "173Mi")
        #expect(KubernetesEmitter.checkpointClaimSize(f) == "2112Mi")
        // Widths the plan fixes (mlp, hidden [32]): sized for that model, never below the floors.
        f.model?.params["features"] = .int(64)
        f.model?.params["classes"] = .int(10)
        #expect(RunPlanEmitter.model(try #require(f.model)).parameterBound == 64 * 32 + 32 + 32 * 10 + 10)
        #expect(KubernetesEmitter.ledgerClaimSize(f) == "16Mi")
        #expect(KubernetesEmitter.checkpointClaimSize(f) == "1Gi")
        // 12,803,332 values: 2 × (68,284,440 + 1 MiB) bytes → 133 MiB; 1,563 MiB + 64.
        f.model?.params["features"] = .int(400_000)
        f.model?.params["classes"] = .int(100)
        #expect(RunPlanEmitter.model(try #require(f.model)).parameterBound == 12_803_332)
        #expect(KubernetesEmitter.ledgerClaimSize(f) == "133Mi")
        #expect(KubernetesEmitter.checkpointClaimSize(f) == "1627Mi")
    }

    @Test func clientsAreJobsPinnedToTheirDataNode() throws {
        let (p, _) = build(ir, [.k8s])
        let jobs = p.objects(.job)
        #expect(jobs.count == 10)
        let j = try #require(p.object(.job, "digits-fl-client-3")).body
        // The exit-code contract: a configuration, credential or usage error or a bug fails
        // the Job at once; a pod the cluster disrupted does not count against the back-off.
        #expect(j.podSpec?["restartPolicy"]?.string == "Never")
        #expect(j.at("spec.podFailurePolicy.rules.0.action")?.string == "FailJob")
        #expect(j.at("spec.podFailurePolicy.rules.0.onExitCodes.containerName")?.string == "client")
        #expect(j.at("spec.podFailurePolicy.rules.0.onExitCodes.values") == [1, 64, 70])
        #expect(j.at("spec.podFailurePolicy.rules.1.action")?.string == "Ignore")
        #expect(j.at("spec.podFailurePolicy.rules.1.onPodConditions.0.type")?.string == "DisruptionTarget")
        #expect(
            j.podSpec?.at("containers.0.args") == [
                "exec", "client", "--plan", "/etc/kfc/plan.json", "--client", "3", "--state", "/var/lib/kfc/ledger",
                "--tls-dir", "/var/run/secrets/kfc/tls",
            ])
        #expect(hostnames(j) == ["edge-3"])
        #expect(
            j.at("spec.template.metadata.annotations")?["ovn.kubernetes.io/logical_switch"]?.string
                == "fl-net-site-3")
        #expect(j.at("spec.template.metadata.annotations")?["ovn.kubernetes.io/ip_address"] == nil)
        // The plan names the server by its Service; the pod's /etc/hosts maps that name to the
        // server's fixed address (a custom Vpc has no cluster DNS).
        #expect(
            j.podSpec?["hostAliases"] == [
                ["ip": .string(ir.federations[0].server.address), "hostnames": ["digits-fl-server.digits-fl.svc"]]
            ])
        let plan = try #require(p.object(.configMap, "digits-fl-plan")?.body.at("data")?["plan.json"]?.string)
        #expect(plan.contains("\"address\" : \"digits-fl-server.digits-fl.svc\""))
        // The dataset: a local volume on edge-3, bound by name to a read-only claim; the pod
        // mounts the client's file alone (subPath), read-only, not the folder of every shard.
        let mount = j.podSpec?.at("containers.0.volumeMounts")?.sequence?.first { $0["name"]?.string == "data" }
        #expect(mount?["readOnly"]?.bool == true)
        #expect(mount?["mountPath"]?.string == "/var/lib/kfc/data/part-3.csv")
        #expect(mount?["subPath"]?.string == "part-3.csv")
        let pv = try #require(p.object(.persistentVolume, "digits-fl-client-3-data")).body
        #expect(pv.at("spec.local.path")?.string == "/data/digits")
        #expect(pv.at("spec.nodeAffinity.required.nodeSelectorTerms.0.matchExpressions.0.values") == ["edge-3"])
        #expect(pv.at("spec.persistentVolumeReclaimPolicy")?.string == "Retain")
        #expect(pv.at("spec.claimRef.name")?.string == "digits-fl-client-3-data")
        let pvc = try #require(p.object(.persistentVolumeClaim, "digits-fl-client-3-data")).body
        #expect(pvc.at("spec.volumeName")?.string == "digits-fl-client-3-data")
        #expect(pvc.at("spec.accessModes") == ["ReadOnlyMany"])
    }

    @Test func hostPathDatasetsMountTheFileReadOnly() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.k8s])
        let j = try #require(p.object(.job, "genomics-fl-client-1")).body
        let volume = j.podSpec?["volumes"]?.sequence?.first { $0["name"]?.string == "data" }
        #expect(volume?.at("hostPath.path")?.string == "/data/variants/1.csv")
        #expect(volume?.at("hostPath.type")?.string == "File")
        let mount = j.podSpec?.at("containers.0.volumeMounts")?.sequence?.first { $0["name"]?.string == "data" }
        #expect(mount?["mountPath"]?.string == "/var/lib/kfc/data/1.csv")
        #expect(mount?["readOnly"]?.bool == true)
        #expect(mount?["subPath"] == nil)
        #expect(p.object(.persistentVolume, "genomics-fl-client-1-data") == nil)
    }

    @Test func everyPodIsHardened() {
        let (p, _) = build(IRFixtures.multiSite(), [.k8s])
        let workloads = p.objects(.deployment) + p.objects(.job)
        #expect(workloads.count == 7)
        for w in workloads {
            let pod = w.body.podSpec
            #expect(pod?.at("securityContext.runAsNonRoot")?.bool == true, "\(w.name)")
            #expect(pod?.at("securityContext.runAsUser")?.int == 65532, "\(w.name)")
            #expect(pod?.at("securityContext.seccompProfile.type")?.string == "RuntimeDefault", "\(w.name)")
            for c in pod?["containers"]?.sequence ?? [] {
                let sc = c["securityContext"]
                #expect(sc?["allowPrivilegeEscalation"]?.bool == false, "\(w.name)")
                #expect(sc?["readOnlyRootFilesystem"]?.bool == true, "\(w.name)")
                #expect(sc?.at("capabilities.drop") == ["ALL"], "\(w.name)")
                #expect(sc?["runAsNonRoot"]?.bool == true, "\(w.name)")
                #expect(c.at("resources.limits.cpu") != nil, "\(w.name)")
                #expect(c.at("resources.requests.memory") != nil, "\(w.name)")
            }
        }
    }

    @Test func networkPoliciesAllowExactlyTheFederationsFlow() throws {
        let (p, _) = build(ir, [.k8s])
        let policies = p.objects(.networkPolicy)
        #expect(policies.map(\.name) == ["client-egress", "default-deny", "server-ingress"])
        let deny = try #require(p.object(.networkPolicy, "default-deny")).body
        #expect(deny.at("spec.podSelector") == .mapping([:]))
        #expect(deny.at("spec.policyTypes") == ["Ingress", "Egress"])
        #expect(deny.at("spec.ingress") == nil && deny.at("spec.egress") == nil)
        let ingress = try #require(p.object(.networkPolicy, "server-ingress")).body
        #expect(ingress.at("spec.podSelector.matchLabels")?["kfc.dev/role"]?.string == "server")
        #expect(ingress.at("spec.ingress.0.from.0.podSelector.matchLabels")?["kfc.dev/role"]?.string == "client")
        #expect(ingress.at("spec.ingress.0.ports") == [["protocol": "TCP", "port": 8080]])
        let egress = try #require(p.object(.networkPolicy, "client-egress")).body
        #expect(egress.at("spec.policyTypes") == ["Egress"])
        #expect(egress.at("spec.egress.0.to.0.podSelector.matchLabels")?["kfc.dev/role"]?.string == "server")
        #expect(egress.at("spec.egress.0.ports") == [["protocol": "TCP", "port": 8080]])
        #expect(egress.at("spec.egress")?.sequence?.count == 1)
    }

    @Test func egressZonesGetAnIPBlockThatExceptsEveryZone() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.k8s])
        let core = try #require(p.object(.networkPolicy, "egress-lab-net-lab-core")).body
        #expect(core.at("spec.podSelector.matchLabels")?["kfc.dev/zone"]?.string == "lab-net-lab-core")
        #expect(core.at("spec.egress.0.to.0.ipBlock.cidr")?.string == "0.0.0.0/0")
        #expect(core.at("spec.egress.0.to.0.ipBlock.except")?.sequence?.contains("10.50.0.0/27") == true)
        let edge = try #require(p.object(.networkPolicy, "egress-lab-net-lab-edge-1")).body
        #expect(edge.at("spec.egress.0.to.0.ipBlock") == ["cidr": "203.0.113.0/24"])
        #expect(p.objects(.networkPolicy).filter { $0.namespace == "xray-fl" }.count == 3)
    }

    @Test func labelsCarryRoles() throws {
        let (p, _) = build(ir, [.k8s])
        for m in p.manifests {
            let labels = m.body.at("metadata.labels")
            #expect(labels?["app.kubernetes.io/managed-by"]?.string == "kfc", "\(m.kind) \(m.name)")
            #expect(labels?["app.kubernetes.io/part-of"]?.string == "digits-fl", "\(m.kind) \(m.name)")
            #expect(labels?["app.kubernetes.io/name"] != nil, "\(m.kind) \(m.name)")
        }
        let pod = try #require(p.object(.job, "digits-fl-client-7")).body.at("spec.template.metadata.labels")
        #expect(pod?["kfc.dev/role"]?.string == "client")
        #expect(pod?["kfc.dev/client"]?.string == "7")
        #expect(pod?["kfc.dev/federation"]?.string == "digits-fl")
        let server = try #require(p.object(.deployment, "digits-fl-server")).body.at("spec.template.metadata.labels")
        #expect(server?["kfc.dev/role"]?.string == "server")
    }

    @Test func disruptionBudgetKeepsARoundsMinimum() throws {
        let (p, _) = build(ir, [.k8s])
        let pdb = try #require(p.object(.podDisruptionBudget, "digits-fl-clients")).body
        #expect(pdb.at("spec.minAvailable")?.int == 8)
        #expect(pdb.at("spec.selector.matchLabels")?["kfc.dev/role"]?.string == "client")
    }

    @Test func planConfigMapIsMountedByEveryPod() throws {
        let (p, _) = build(ir, [.k8s])
        #expect(p.objects(.configMap).map(\.name) == ["digits-fl-plan"])
        for w in p.objects(.deployment) + p.objects(.job) {
            let plan = w.body.podSpec?["volumes"]?.sequence?.first { $0["name"]?.string == "plan" }
            #expect(plan?.at("configMap.name")?.string == "digits-fl-plan")
        }
    }

    private func hostnames(_ workload: YAMLNode) -> YAMLNode? {
        workload.podSpec?.at(
            "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions.0.values"
        )
    }
}
