#!/usr/bin/env python3
"""Writes incident-1/cloudtrail/ and incident-1/control-plane/: the account's CloudTrail as S3 delivers it
(AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz) and the cluster's control-plane log group
/aws/eks/eksworkshop-eksctl/cluster as `aws logs filter-log-events` printed it, for the training incident (synthetic,
written by us in the real formats). The story agrees with the other sources: dev-intern (access key
AKIA5DEVINTERN7EXMPL, from 198.51.100.23) creates the privileged pod default/sysdiag at 06:23:29Z, the scheduler binds it
to ip-192-168-23-107 (instance i-0c7d2e91b4a6f3508), dev-intern execs into it and fetches the miner from 203.0.113.50;
the node role's credentials are then used from 203.0.113.50. Around it: routine control-plane traffic, so a query
has something to filter out.  Run:  python3 sample-data/generators/incident-1-logs.py
"""
import gzip, hashlib, io, json, os, urllib.parse
from datetime import datetime, timedelta, timezone

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "incident-1")
ACCOUNT = "111122223333"
CLUSTER = "eksworkshop-eksctl"
NODE = "ip-192-168-23-107.us-west-2.compute.internal"
OTHER_NODE = "ip-192-168-23-10.us-west-2.compute.internal"
INSTANCE = "i-0c7d2e91b4a6f3508"
POD_UID = "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b"
ATTACKER_IP = "198.51.100.23"
C2 = "203.0.113.50"
INTERN_ARN = f"arn:aws:iam::{ACCOUNT}:user/dev-intern"
INTERN_KEY = "AKIA5DEVINTERN7EXMPL"
NODE_ROLE = "eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole"
NODE_KEY = "ASIA5NODEROLE7STOLEN"

# The dropper the intruder exec'd into the container: generators/containerd-node.sh runs exactly this on the node.
DROPPER = """
  mkdir -p /tmp/.x
  printf "#!/bin/sh\\nwhile true; do sleep 60; done\\n" > /tmp/.x/miner.sh
  chmod 755 /tmp/.x/miner.sh
  printf "debug=true\\nupload=http://203.0.113.50/drop\\n" > /etc/sysdiag.conf
  rm /var/www/index.html
  cp /bin/busybox /tmp/.x/sh && chmod 4755 /tmp/.x/sh
"""

def uid(*parts):
    h = hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"

def t(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ" if "." in s else "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)

def iso(d, ms=False):
    return d.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if ms else d.strftime("%Y-%m-%dT%H:%M:%SZ")

# ---------------------------------------------------------------- CloudTrail
def intern():
    return {"type": "IAMUser", "principalId": "AIDA5DEVINTERN0000001", "arn": INTERN_ARN, "accountId": ACCOUNT,
            "accessKeyId": INTERN_KEY, "userName": "dev-intern"}

def node_role(session=INSTANCE, key=NODE_KEY):
    return {"type": "AssumedRole", "principalId": f"AROA5NODEROLE00000001:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{NODE_ROLE}/{session}", "accountId": ACCOUNT, "accessKeyId": key,
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROA5NODEROLE00000001",
                                                 "arn": f"arn:aws:iam::{ACCOUNT}:role/{NODE_ROLE}", "accountId": ACCOUNT, "userName": NODE_ROLE},
                               "attributes": {"creationDate": "2026-11-29T05:58:12Z", "mfaAuthenticated": "false"},
                               "ec2RoleDelivery": "2.0"}}

def autoscaling():
    return {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}

def ct(time, source, name, identity, ip, agent, region="us-west-2", request=None, response=None, error=None, resources=None, read_only=None, event_type="AwsApiCall"):
    e = {"eventVersion": "1.09", "userIdentity": identity, "eventTime": time, "eventSource": source, "eventName": name,
         "awsRegion": region, "sourceIPAddress": ip, "userAgent": agent, "requestParameters": request, "responseElements": response,
         "requestID": uid("req", time, name), "eventID": uid("evt", time, name, ip), "readOnly": read_only if read_only is not None else name.startswith(("Get", "Describe", "List")),
         "eventType": event_type, "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
    if error:
        e["errorCode"], e["errorMessage"] = error
    if resources:
        e["resources"] = resources
    if source != "autoscaling.amazonaws.com" and identity.get("type") != "AWSService":
        e["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": source.replace(".amazonaws.com", f".{region}.amazonaws.com")}
    return e

CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 exec-env/shell cfg/retry-mode#standard md/command#"
BOTO = "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#5.15.0 md/arch#x86_64 lang/python#3.11.2 cfg/retry-mode#legacy Botocore/1.35.70"

trail = [
    # The node joins the day before (the node group's autoscaling group launches it).
    ct("2026-11-28T21:04:11Z", "ec2.amazonaws.com", "RunInstances", autoscaling(), "autoscaling.amazonaws.com", "autoscaling.amazonaws.com",
       request={"instancesSet": {"items": [{"minCount": 1, "maxCount": 1}]}, "launchTemplate": {"launchTemplateId": "lt-0a1b2c3d4e5f60718", "version": "1"},
                "subnetId": "subnet-0a9b8c7d6e5f40312", "clientToken": "fleet-0d1e2f3a"},
       response={"instancesSet": {"items": [{"instanceId": INSTANCE, "imageId": "ami-0e1f2a3b4c5d6e7f8", "instanceType": "m5.large",
                                            "privateIpAddress": "192.168.23.107", "placement": {"availabilityZone": "us-west-2b"}}]}},
       resources=[{"accountId": ACCOUNT, "type": "AWS::EC2::Instance", "ARN": f"arn:aws:ec2:us-west-2:{ACCOUNT}:instance/{INSTANCE}"}]),
    ct("2026-11-28T21:04:12Z", "ec2.amazonaws.com", "CreateTags", autoscaling(), "autoscaling.amazonaws.com", "autoscaling.amazonaws.com",
       request={"resourcesSet": {"items": [{"resourceId": INSTANCE}]}, "tagSet": {"items": [{"key": "eks:nodegroup-name", "value": "ng-1"}]}}, response={"_return": True}),
    # Routine: the cluster's own calls, the day of the incident.
    *[ct(iso(t("2026-11-29T06:00:00Z") + timedelta(minutes=5 * i)), "ec2.amazonaws.com", "DescribeInstances", node_role(), "192.168.23.107",
         "aws-sdk-go-v2/1.32.4 os/linux lang/go#1.22.8 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.187.0 amazon-vpc-cni-k8s",
         request={"instancesSet": {"items": [{"instanceId": INSTANCE}]}, "filterSet": {}}) for i in range(12)],
    *[ct(iso(t("2026-11-29T06:02:30Z") + timedelta(minutes=10 * i)), "eks.amazonaws.com", "DescribeCluster",
         {"type": "AssumedRole", "principalId": "AROA5CONSOLE000000001:ops", "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/PlatformOps/ops", "accountId": ACCOUNT,
          "accessKeyId": "ASIA5PLATFORMOPS0001", "sessionContext": {"sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/PlatformOps",
                                                                                       "accountId": ACCOUNT, "userName": "PlatformOps"}}},
         "10.0.5.20", CLI + "eks.describe-cluster", request={"name": CLUSTER}) for i in range(6)],
    # The intruder with dev-intern's leaked key: who am I, what can I do, where is the cluster.
    ct("2026-11-29T06:19:31Z", "sts.amazonaws.com", "GetCallerIdentity", intern(), ATTACKER_IP, CLI + "sts.get-caller-identity"),
    ct("2026-11-29T06:19:40Z", "iam.amazonaws.com", "ListAttachedUserPolicies", intern(), ATTACKER_IP, CLI + "iam.list-attached-user-policies", region="us-east-1",
       request={"userName": "dev-intern"}),
    ct("2026-11-29T06:19:52Z", "iam.amazonaws.com", "CreateAccessKey", intern(), ATTACKER_IP, CLI + "iam.create-access-key", region="us-east-1",
       request={"userName": "dev-intern"}, error=("AccessDenied", f"User: {INTERN_ARN} is not authorized to perform: iam:CreateAccessKey on resource: user dev-intern")),
    ct("2026-11-29T06:20:40Z", "eks.amazonaws.com", "ListClusters", intern(), ATTACKER_IP, CLI + "eks.list-clusters", request={}),
    ct("2026-11-29T06:20:55Z", "eks.amazonaws.com", "DescribeCluster", intern(), ATTACKER_IP, CLI + "eks.update-kubeconfig", request={"name": CLUSTER}),
    # The node role's credentials, taken from IMDS inside the privileged pod, used from the C2 host.
    ct("2026-11-29T06:25:41Z", "sts.amazonaws.com", "GetCallerIdentity", node_role(), C2, BOTO),
    ct("2026-11-29T06:25:58Z", "ec2.amazonaws.com", "DescribeInstances", node_role(), C2, BOTO, request={"instancesSet": {}, "filterSet": {}}),
    ct("2026-11-29T06:26:20Z", "s3.amazonaws.com", "ListBuckets", node_role(), C2, BOTO, request={"Host": "s3.us-west-2.amazonaws.com"}),
    ct("2026-11-29T06:26:45Z", "ec2.amazonaws.com", "RunInstances", node_role(), C2, BOTO,
       request={"instancesSet": {"items": [{"imageId": "ami-0f0e0d0c0b0a09080", "minCount": 10, "maxCount": 10}]}, "instanceType": "p3.2xlarge"},
       error=("Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/"
              f"{NODE_ROLE}/{INSTANCE} is not authorized to perform: ec2:RunInstances")),
]

def write_trail():
    by_file = {}
    for e in trail:
        d = t(e["eventTime"])
        # CloudTrail delivers about every 5 minutes per region: group events by region and 5-minute window.
        window = d.replace(minute=d.minute - d.minute % 5, second=0)
        by_file.setdefault((e["awsRegion"], window), []).append(e)
    base = os.path.join(ROOT, "cloudtrail", "AWSLogs", ACCOUNT, "CloudTrail")
    count = 0
    for (region, window), events in sorted(by_file.items()):
        folder = os.path.join(base, region, window.strftime("%Y"), window.strftime("%m"), window.strftime("%d"))
        os.makedirs(folder, exist_ok=True)
        name = f"{ACCOUNT}_CloudTrail_{region}_{window.strftime('%Y%m%dT%H%MZ')}_{hashlib.sha256(f'{region}{window}'.encode()).hexdigest()[:16]}.json.gz"
        raw = io.BytesIO()
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as g:
            g.write(json.dumps({"Records": sorted(events, key=lambda e: e["eventTime"])}, separators=(",", ":")).encode())
        with open(os.path.join(folder, name), "wb") as f:
            f.write(raw.getvalue())
        count += 1
    return count

# ---------------------------------------------------------------- control plane
HEX = {k: hashlib.sha256(k.encode()).hexdigest()[:32] for k in ["audit", "api", "authenticator", "scheduler", "controller", "ccm"]}
STREAMS = {"audit": f"kube-apiserver-audit-{HEX['audit']}", "authenticator": f"authenticator-{HEX['authenticator']}",
           "scheduler": f"kube-scheduler-{HEX['scheduler']}", "controller": f"kube-controller-manager-{HEX['controller']}",
           "ccm": f"cloud-controller-manager-{HEX['ccm']}"}
KUBECTL = "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46"
INTERN_K8S = {"username": "dev-intern", "uid": f"aws-iam-authenticator:{ACCOUNT}:AIDA5DEVINTERN0000001", "groups": ["system:authenticated"],
              "extra": {"accessKeyId": [INTERN_KEY], "arn": [INTERN_ARN], "canonicalArn": [INTERN_ARN], "principalId": ["AIDA5DEVINTERN0000001"],
                        "sessionName": [""], "sigs.k8s.io/aws-iam-authenticator/principalId": ["AIDA5DEVINTERN0000001"]}}
SCHEDULER = {"username": "system:kube-scheduler", "groups": ["system:authenticated"]}
KUBELET = {"username": f"system:node:{NODE}", "uid": f"aws-iam-authenticator:{ACCOUNT}:AROA5NODEROLE00000001",
           "groups": ["system:bootstrappers", "system:nodes", "system:authenticated"],
           "extra": {"accessKeyId": ["ASIA5NODEROLEKUBELET"], "arn": [f"arn:aws:sts::{ACCOUNT}:assumed-role/{NODE_ROLE}/{INSTANCE}"],
                     "canonicalArn": [f"arn:aws:iam::{ACCOUNT}:role/{NODE_ROLE}"], "sessionName": [INSTANCE]}}
POD_SA = {"username": "system:serviceaccount:default:default", "uid": uid("sa", "default"),
          "groups": ["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"],
          "extra": {"authentication.kubernetes.io/pod-name": ["sysdiag"], "authentication.kubernetes.io/pod-uid": [POD_UID],
                    "authentication.kubernetes.io/node-name": [NODE]}}

def audit(time, verb, uri, user, resource, ns=None, name=None, code=200, ips=(ATTACKER_IP,), agent=KUBECTL, subresource=None, request=None, response=None,
          level="Metadata", decision="allow", reason=""):
    ref = {"resource": resource, "apiVersion": "v1"}
    if ns: ref["namespace"] = ns
    if name: ref["name"] = name
    if subresource: ref["subresource"] = subresource
    d = t(time)
    e = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": level, "auditID": uid("audit", time, uri), "stage": "ResponseComplete",
         "requestURI": uri, "verb": verb, "user": user, "sourceIPs": list(ips), "userAgent": agent, "objectRef": ref,
         "responseStatus": {"metadata": {}, "code": code}, "requestReceivedTimestamp": iso(d - timedelta(milliseconds=12), True) .replace("Z", "000Z"),
         "stageTimestamp": iso(d, True).replace("Z", "000Z"),
         "annotations": {"authorization.k8s.io/decision": decision, "authorization.k8s.io/reason": reason}}
    if code >= 400:
        e["responseStatus"] = {"metadata": {}, "status": "Failure", "message": response or "", "reason": "Forbidden", "code": code}
    elif response is not None:
        e["responseObject"] = response
    if request is not None:
        e["requestObject"] = request
    return d, STREAMS["audit"], json.dumps(e, separators=(",", ":"))

def exec_uri(command, tty=False):
    q = [("command", c) for c in command] + [("container", "sysdiag"), ("stdin", "true"), ("stdout", "true")] + ([("tty", "true")] if tty else [("stderr", "true")])
    return "/api/v1/namespaces/default/pods/sysdiag/exec?" + urllib.parse.urlencode(q, quote_via=urllib.parse.quote)

SYSDIAG = {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "sysdiag", "namespace": "default", "labels": {"app": "sysdiag"}},
           "spec": {"containers": [{"name": "sysdiag", "image": "registry.example/sysdiag:1.0", "command": ["/bin/sh", "-c", "sleep 86400"],
                                    "securityContext": {"privileged": True}}]}}

def klog(time, level, pid, source, message):
    d = t(time)
    return f"{level}{d.strftime('%m%d %H:%M:%S.%f')} {pid:>7} {source}] {message}"

def authenticator(time, arn, username, uid_, key, groups="[]", client="127.0.0.1:48212"):
    return (t(time), STREAMS["authenticator"],
            f'time="{time}" level=info msg="access granted" accesskeyid={key} arn="{arn}" client="{client}" groups="{groups}" method=POST path=/authenticate '
            f'stsendpoint=sts.us-west-2.amazonaws.com uid="{uid_}" username={username}')

def control_plane():
    lines = []
    # Routine noise: kubelet heartbeats and controller lease renewals through the morning.
    start = t("2026-11-29T06:00:00Z")
    for i in range(0, 36 * 60, 40):
        d = start + timedelta(seconds=i)
        lines.append(audit(iso(d, True), "update", f"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{NODE}", KUBELET, "leases",
                           ns="kube-node-lease", name=NODE, ips=("192.168.23.107",), agent="kubelet/v1.31.2-eks-7f9249a (linux/amd64) kubernetes/7f9249a",
                           reason=""))
        lines.append(audit(iso(d + timedelta(seconds=3), True), "get", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler",
                           SCHEDULER, "leases", ns="kube-system", name="kube-scheduler", ips=("10.0.0.12",),
                           agent="kube-scheduler/v1.31.2 (linux/amd64) kubernetes/7f9249a/leader-election"))
    # The kubelet reports the node's status every few minutes.
    for i in range(0, 36 * 60, 300):
        d = start + timedelta(seconds=i + 17)
        lines.append(audit(iso(d, True), "patch", f"/api/v1/nodes/{NODE}/status?timeout=10s", KUBELET, "nodes", name=NODE, subresource="status",
                           ips=("192.168.23.107",), agent="kubelet/v1.31.2-eks-7f9249a (linux/amd64) kubernetes/7f9249a"))
    # The node joined the day before: its kubelet registered it, CCM initialised it with its instance, the controller manager saw it.
    lines.append(audit("2026-11-28T21:05:38.660Z", "create", "/api/v1/nodes", KUBELET, "nodes", name=NODE, code=201, ips=("192.168.23.107",),
                       agent="kubelet/v1.31.2-eks-7f9249a (linux/amd64) kubernetes/7f9249a", level="Request",
                       request={"kind": "Node", "apiVersion": "v1", "metadata": {"name": NODE, "labels": {"kubernetes.io/hostname": NODE}},
                                "spec": {"providerID": f"aws:///us-west-2b/{INSTANCE}"}}))
    lines += [
        (t("2026-11-28T21:05:39Z"), STREAMS["ccm"], klog("2026-11-28T21:05:39.201733Z", "I", 1, "node_controller.go:431", f"Initializing node {NODE} with cloud provider")),
        # cloud-provider-aws's tagging controller (v1.24.1 to v1.32: the work item with its requeue count and enqueue time) names the instance.
        (t("2026-11-28T21:05:40Z"), STREAMS["ccm"], klog("2026-11-28T21:05:40.118204Z", "I", 1, "tagging_controller.go:224",
                                                          f"Instance ID of work item [Node: {NODE}, RequeuingCount: 0, EnqueueTime: 2026-11-28 21:05:40.001187342 +0000 UTC m=+412.663203117] is {INSTANCE}")),
        (t("2026-11-28T21:05:40Z"), STREAMS["ccm"], klog("2026-11-28T21:05:40.523961Z", "I", 1, "node_controller.go:505", f"Successfully initialized node {NODE} with cloud provider")),
        (t("2026-11-28T21:05:41Z"), STREAMS["controller"], klog("2026-11-28T21:05:41.004412Z", "I", 11, "node_lifecycle_controller.go:884",
                                                                 f'"Controller observed a new Node" node="{NODE}"')),
    ]
    # dev-intern authenticates (kubectl through aws eks get-token) and creates the privileged pod.
    for time in ["2026-11-29T06:21:55Z", "2026-11-29T06:23:29Z", "2026-11-29T06:23:31Z", "2026-11-29T06:23:58Z"]:
        lines.append(authenticator(time, INTERN_ARN, "dev-intern", f"aws-iam-authenticator:{ACCOUNT}:AIDA5DEVINTERN0000001", INTERN_KEY))
    lines.append(authenticator("2026-11-29T06:02:31Z", f"arn:aws:iam::{ACCOUNT}:role/PlatformOps", "platform-ops", f"aws-iam-authenticator:{ACCOUNT}:AROA5CONSOLE000000001", "ASIA5PLATFORMOPS0001",
                               groups="[platform-ops]"))
    lines += [
        audit("2026-11-29T06:21:56.210Z", "list", "/api/v1/namespaces/default/pods?limit=500", INTERN_K8S, "pods", ns="default",
              reason='RBAC: allowed by RoleBinding "dev-intern-edit/default" of ClusterRole "edit" to User "dev-intern"'),
        audit("2026-11-29T06:22:10.870Z", "list", "/api/v1/nodes?limit=500", INTERN_K8S, "nodes", code=403,
              response='nodes is forbidden: User "dev-intern" cannot list resource "nodes" in API group "" at the cluster scope', decision="forbid"),
        audit("2026-11-29T06:23:29.902Z", "create", "/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", INTERN_K8S, "pods",
              ns="default", name="sysdiag", code=201, request=SYSDIAG, level="RequestResponse",
              response=dict(SYSDIAG, metadata=dict(SYSDIAG["metadata"], uid=POD_UID, creationTimestamp="2026-11-29T06:23:30Z")),
              reason='RBAC: allowed by RoleBinding "dev-intern-edit/default" of ClusterRole "edit" to User "dev-intern"'),
        audit("2026-11-29T06:23:30.095Z", "create", "/api/v1/namespaces/default/pods/sysdiag/binding", SCHEDULER, "pods", ns="default", name="sysdiag",
              subresource="binding", code=201, ips=("10.0.0.12",), agent="kube-scheduler/v1.31.2 (linux/amd64) kubernetes/7f9249a/scheduler", level="Request",
              request={"kind": "Binding", "apiVersion": "v1", "metadata": {"name": "sysdiag", "namespace": "default", "uid": POD_UID},
                       "target": {"kind": "Node", "name": NODE}}),
        # The attacker's script execs the dropper the moment the container runs (the node's disk has its files at
        # 06:23:31.47), then an interactive shell (PID 5120 in memory) from which the host is reached.
        audit("2026-11-29T06:23:31.402Z", "create", exec_uri(["sh", "-c", DROPPER]), INTERN_K8S, "pods",
              ns="default", name="sysdiag", subresource="exec", code=101,
              reason='RBAC: allowed by RoleBinding "dev-intern-edit/default" of ClusterRole "edit" to User "dev-intern"'),
        audit("2026-11-29T06:23:58.611Z", "create", exec_uri(["sh"], tty=True), INTERN_K8S, "pods", ns="default", name="sysdiag", subresource="exec", code=101,
              reason='RBAC: allowed by RoleBinding "dev-intern-edit/default" of ClusterRole "edit" to User "dev-intern"'),
        # From inside the pod: its service account token tried on secrets.
        audit("2026-11-29T06:25:12.050Z", "list", "/api/v1/namespaces/kube-system/secrets", POD_SA, "secrets", ns="kube-system", code=403, ips=("192.168.23.141",),
              agent="Wget", response='secrets is forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
              decision="forbid"),
    ]
    lines += [
        (t("2026-11-29T06:23:30Z"), STREAMS["scheduler"], klog("2026-11-29T06:23:30.101288Z", "I", 10, "schedule_one.go:314",
                                                               f'"Successfully bound pod to node" pod="default/sysdiag" node="{NODE}" evaluatedNodes=2 feasibleNodes=2')),
        (t("2026-11-20T09:00:01Z"), STREAMS["scheduler"], klog("2026-11-20T09:00:01.310442Z", "I", 10, "schedule_one.go:314",
                                                               f'"Successfully bound pod to node" pod="default/web-5d8f7c9b4-q2w3e" node="{OTHER_NODE}" evaluatedNodes=2 feasibleNodes=2')),
    ]
    return lines

def write_control_plane(lines):
    folder = os.path.join(ROOT, "control-plane")
    os.makedirs(folder, exist_ok=True)
    groups = {}
    for d, stream, message in lines:
        kind = next(k for k, v in STREAMS.items() if v == stream)
        groups.setdefault("audit" if kind == "audit" else "authenticator" if kind == "authenticator" else "scheduler-and-controllers", []).append((d, stream, message))
    for name, items in groups.items():
        items.sort(key=lambda x: (x[0], x[2]))
        events = [{"logStreamName": s, "timestamp": int(d.timestamp() * 1000), "message": m,
                   "ingestionTime": int(d.timestamp() * 1000) + 1450, "eventId": str(37000000000000000000000000000000000000000000000000000000 + i)}
                  for i, (d, s, m) in enumerate(items)]
        with open(os.path.join(folder, f"filter-log-events-{name}.json"), "w") as f:
            json.dump({"events": events, "searchedLogStreams": [{"logStreamName": s, "searchedCompletely": True} for s in sorted({e["logStreamName"] for e in events})]}, f, indent=1)
            f.write("\n")
    return {k: len(v) for k, v in groups.items()}

if __name__ == "__main__":
    files = write_trail()
    counts = write_control_plane(control_plane())
    print(f"wrote {files} CloudTrail files ({len(trail)} events) and control-plane events {counts}")
