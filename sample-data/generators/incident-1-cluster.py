#!/usr/bin/env python3
"""Writes incident-1/cluster/: the cluster as `kubectl get nodes,pods,namespaces -o json` saw it during the incident
and its service accounts, RBAC bindings, network policies and the pod's events (synthetic, written by us in the real format). It agrees with the other sources: node ip-192-168-23-107 is instance
i-0c7d2e91b4a6f3508 (GuardDuty's runtime finding), pod default/sysdiag (uid 3f6c1a2e…) runs there privileged with
container 8e1f2a3b… (the node's containerd metadata). A second node's InternalIP, 192.168.23.10, is a prefix of the
first's: a lookup by IP must match exactly.  Run:  python3 sample-data/generators/incident-1-cluster.py
"""
import json, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "incident-1", "cluster")

def node(name, ip, public, instance, zone, created):
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "uid": f"node-{instance}", "creationTimestamp": created,
                         "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "m5.large",
                                    "topology.kubernetes.io/region": "us-west-2", "topology.kubernetes.io/zone": zone,
                                    "eks.amazonaws.com/nodegroup": "ng-1", "alpha.eksctl.io/cluster-name": "eksworkshop-eksctl"}},
            "spec": {"providerID": f"aws:///{zone}/{instance}"},
            "status": {"addresses": [{"type": "InternalIP", "address": ip}, {"type": "ExternalIP", "address": public},
                                     {"type": "InternalDNS", "address": name}, {"type": "Hostname", "address": name}],
                       "nodeInfo": {"containerRuntimeVersion": "containerd://1.7.22", "kubeletVersion": "v1.31.2-eks-7f9249a",
                                    "osImage": "Amazon Linux 2023.6.20241111", "kernelVersion": "6.1.112-124.190.amzn2023.x86_64"}}}

def pod(ns, name, uid, node_name, containers, sa="default", owner=None, host_network=False, volumes=None, ip="192.168.23.141", created="2026-11-29T06:23:30Z"):
    meta = {"name": name, "namespace": ns, "uid": uid, "creationTimestamp": created, "labels": {"app": name.split("-")[0]}}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": owner[0], "name": owner[1], "uid": f"owner-{owner[1]}", "controller": True}]
    spec = {"nodeName": node_name, "serviceAccountName": sa, "hostNetwork": host_network, "containers": [c[0] for c in containers]}
    if volumes:
        spec["volumes"] = volumes
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec,
            "status": {"phase": "Running", "podIP": ip, "hostIP": "192.168.23.107" if "23-107" in node_name else "192.168.23.10",
                       "containerStatuses": [{"name": c[0]["name"], "image": c[0]["image"], "containerID": c[1], "ready": True, "restartCount": 0}
                                             for c in containers]}}

def main():
    os.makedirs(OUT, exist_ok=True)
    n1 = "ip-192-168-23-107.us-west-2.compute.internal"
    n2 = "ip-192-168-23-10.us-west-2.compute.internal"
    nodes = [node(n1, "192.168.23.107", "192.0.2.44", "i-0c7d2e91b4a6f3508", "us-west-2b", "2026-10-02T13:15:09Z"),
             node(n2, "192.168.23.10", "192.0.2.45", "i-09a8b7c6d5e4f3a21", "us-west-2b", "2026-10-02T13:15:12Z")]
    pods = [
        pod("default", "sysdiag", "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", n1,
            [({"name": "sysdiag", "image": "registry.example/sysdiag:1.0", "command": ["/bin/sh", "-c", "sleep 86400"],
               "securityContext": {"privileged": True}}, "containerd://8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f")]),
        pod("kube-system", "aws-node-7xk2p", "5a1b2c3d-0000-4000-8000-000000000001", n1,
            [({"name": "aws-node", "image": "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5", "securityContext": {"privileged": True}},
              "containerd://1c0ffee000000000000000000000000000000000000000000000000000000001")],
            sa="aws-node", owner=("DaemonSet", "aws-node"), host_network=True, ip="192.168.23.107",
            volumes=[{"name": "cni-bin-dir", "hostPath": {"path": "/opt/cni/bin"}}], created="2026-10-02T13:16:00Z"),
        pod("kube-system", "aws-node-m4q9z", "5a1b2c3d-0000-4000-8000-000000000002", n2,
            [({"name": "aws-node", "image": "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.5", "securityContext": {"privileged": True}},
              "containerd://1c0ffee000000000000000000000000000000000000000000000000000000002")],
            sa="aws-node", owner=("DaemonSet", "aws-node"), host_network=True, ip="192.168.23.10",
            volumes=[{"name": "cni-bin-dir", "hostPath": {"path": "/opt/cni/bin"}}], created="2026-10-02T13:16:02Z"),
        pod("default", "web-5d8f7c9b4-q2w3e", "6b2c3d4e-0000-4000-8000-000000000003", n2,
            [({"name": "web", "image": "public.ecr.aws/nginx/nginx:1.27"}, "containerd://2c0ffee000000000000000000000000000000000000000000000000000000003")],
            owner=("ReplicaSet", "web-5d8f7c9b4"), ip="192.168.23.77", created="2026-11-20T09:00:00Z"),
    ]
    namespaces = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}, "status": {"phase": "Active"}} for n in ["default", "kube-system"]]
    account = "111122223333"
    service_accounts = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "default", "uid": "7d0e1f2a-0000-4000-8000-0000000000a1",
                                                                  "creationTimestamp": "2026-10-02T13:10:40Z"}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "aws-node", "namespace": "kube-system", "uid": "7d0e1f2a-0000-4000-8000-0000000000a2",
                                                                  "creationTimestamp": "2026-10-02T13:11:02Z",
                                                                  "annotations": {"eks.amazonaws.com/role-arn": f"arn:aws:iam::{account}:role/eksctl-eksworkshop-eksctl-addon-iamserviceaccount-aws-node-Role1"}}},
    ]
    role_bindings = [
        # How dev-intern could create pods in default at all: edit on the namespace (edit does not stop privileged pods).
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": "dev-intern-edit", "namespace": "default", "creationTimestamp": "2026-11-20T08:12:00Z"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
         "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "dev-intern"}]},
    ]
    cluster_role_bindings = [
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "aws-node", "creationTimestamp": "2026-10-02T13:11:02Z"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "aws-node"},
         "subjects": [{"kind": "ServiceAccount", "name": "aws-node", "namespace": "kube-system"}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "cluster-admin", "creationTimestamp": "2026-10-02T13:10:38Z"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
         "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:masters"}]},
    ]
    def event(name, reason, message, time, source, kind="Normal"):
        return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": f"sysdiag.{name}", "namespace": "default", "creationTimestamp": time},
                "involvedObject": {"kind": "Pod", "namespace": "default", "name": "sysdiag", "uid": "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", "apiVersion": "v1"},
                "reason": reason, "message": message, "type": kind, "count": 1, "firstTimestamp": time, "lastTimestamp": time,
                "source": source, "reportingComponent": source.get("component", ""), "reportingInstance": source.get("host", "")}
    kubelet = {"component": "kubelet", "host": n1}
    events = [
        event("187c3a1b0a000001", "Scheduled", f"Successfully assigned default/sysdiag to {n1}", "2026-11-29T06:23:30Z", {"component": "default-scheduler"}),
        event("187c3a1b0a000002", "Pulled", 'Container image "registry.example/sysdiag:1.0" already present on machine', "2026-11-29T06:23:31Z", kubelet),
        event("187c3a1b0a000003", "Created", "Created container sysdiag", "2026-11-29T06:23:31Z", kubelet),
        event("187c3a1b0a000004", "Started", "Started container sysdiag", "2026-11-29T06:23:31Z", kubelet),
    ]
    for name, items in [("nodes.json", nodes), ("pods.json", pods), ("namespaces.json", namespaces), ("serviceaccounts.json", service_accounts),
                        ("rolebindings.json", role_bindings), ("clusterrolebindings.json", cluster_role_bindings), ("events.json", events),
                        ("networkpolicies.json", [])]:
        with open(os.path.join(OUT, name), "w") as f:
            json.dump({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}, f, indent=4)
            f.write("\n")

if __name__ == "__main__":
    main()
