#!/usr/bin/env python3
"""Writes incident-1/aws/: the account as the AWS CLI (`--output json`) answered during the incident, for dry runs of
`contain instance` and `acquire instance` (synthetic, written by us in the real format). It agrees with the other
sources: instance i-0c7d2e91b4a6f3508 is node ip-192-168-23-107 (192.168.23.107, public 192.0.2.44, us-west-2b) with the
node group's instance profile (GuardDuty's finding); the VPC CNI has attached a second ENI for pod IPs.
The account also runs the responders' analysis instance (i-0f3e9a1c7b2d45e60, Name=ir-analysis, Purpose=forensics, no EKS
or Auto Scaling tags, no public address) in the node's zone, for `acquire volumes`; and describe-snapshots holds the
snapshot the on-call engineer took by hand of the node's root volume after the memory capture, before the case existed
(so it carries no eksir:case tag: the case's own snapshots are those `acquire instance` takes).
Run:  python3 sample-data/generators/incident-1-aws.py
"""
import json, os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "incident-1", "aws")
ACCOUNT = "111122223333"
INSTANCE = "i-0c7d2e91b4a6f3508"
VPC = "vpc-0a1b2c3d4e5f60718"
SUBNET = "subnet-0a9b8c7d6e5f40312"
PROFILE = "eks-nodegroup-ng-1-NodeInstanceProfile"
ROLE = "eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole"
GROUPS = [{"GroupId": "sg-0aa11bb22cc33dd44", "GroupName": "eks-cluster-sg-eksworkshop-eksctl-1234567890"},
          {"GroupId": "sg-0ee55ff66aa77bb88", "GroupName": "eksctl-eksworkshop-eksctl-nodegroup-ng-1-remoteAccess"}]

def eni(eni_id, index, ip, dns, public=None, primary=False):
    e = {"Attachment": {"AttachTime": "2026-11-28T21:04:12+00:00", "AttachmentId": f"eni-attach-{eni_id[4:]}", "DeleteOnTermination": True,
                        "DeviceIndex": index, "Status": "attached", "NetworkCardIndex": 0},
         "Description": "" if primary else "aws-K8S-" + INSTANCE,
         "Groups": GROUPS, "MacAddress": "02:1a:2b:3c:4d:%02x" % (0x5e + index), "NetworkInterfaceId": eni_id, "OwnerId": ACCOUNT,
         "PrivateDnsName": dns, "PrivateIpAddress": ip,
         "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": dns, "PrivateIpAddress": ip}],
         "SourceDestCheck": True, "Status": "in-use", "SubnetId": SUBNET, "VpcId": VPC, "InterfaceType": "interface"}
    if public:
        e["Association"] = {"IpOwnerId": "amazon", "PublicDnsName": "ec2-192-0-2-44.us-west-2.compute.amazonaws.com", "PublicIp": public}
        e["PrivateIpAddresses"][0]["Association"] = e["Association"]
    return e

instance = {
    "AmiLaunchIndex": 0, "ImageId": "ami-0e1f2a3b4c5d6e7f8", "InstanceId": INSTANCE, "InstanceType": "m5.large",
    "LaunchTime": "2026-11-28T21:04:11+00:00", "Monitoring": {"State": "disabled"},
    "Placement": {"AvailabilityZone": "us-west-2b", "GroupName": "", "Tenancy": "default"},
    "PrivateDnsName": "ip-192-168-23-107.us-west-2.compute.internal", "PrivateIpAddress": "192.168.23.107",
    "PublicDnsName": "ec2-192-0-2-44.us-west-2.compute.amazonaws.com", "PublicIpAddress": "192.0.2.44",
    "State": {"Code": 16, "Name": "running"}, "SubnetId": SUBNET, "VpcId": VPC, "Architecture": "x86_64",
    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"AttachTime": "2026-11-28T21:04:12+00:00", "DeleteOnTermination": True,
                                                               "Status": "attached", "VolumeId": "vol-0c1d2e3f4a5b6c7d8"}}],
    "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{PROFILE}", "Id": "AIPAEXAMPLENODEPROFILE"},
    "NetworkInterfaces": [eni("eni-0f1e2d3c4b5a69788", 0, "192.168.23.107", "ip-192-168-23-107.us-west-2.compute.internal", "192.0.2.44", True),
                          eni("eni-0b2c3d4e5f6a7b8c9", 1, "192.168.20.55", "ip-192-168-20-55.us-west-2.compute.internal")],
    "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "SecurityGroups": GROUPS,
    "Tags": [{"Key": "Name", "Value": "eksworkshop-eksctl-ng-1-Node"},
             {"Key": "eks:cluster-name", "Value": "eksworkshop-eksctl"},
             {"Key": "eks:nodegroup-name", "Value": "ng-1"},
             {"Key": "kubernetes.io/cluster/eksworkshop-eksctl", "Value": "owned"},
             {"Key": "aws:autoscaling:groupName", "Value": "eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6"}],
    "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled", "State": "applied"},
}

ANALYSIS = "i-0f3e9a1c7b2d45e60"
ANALYSIS_SUBNET = "subnet-0e1d2c3b4a5f60728"
ANALYSIS_GROUPS = [{"GroupId": "sg-0f1e2d3c4b5a69870", "GroupName": "ir-analysis-no-inbound"}]
ANALYSIS_PROFILE = "ir-analysis"
analysis = {
    "AmiLaunchIndex": 0, "ImageId": "ami-0a9b8c7d6e5f40321", "InstanceId": ANALYSIS, "InstanceType": "m5.xlarge",
    "LaunchTime": "2026-11-29T06:36:52+00:00", "Monitoring": {"State": "disabled"},
    "Placement": {"AvailabilityZone": "us-west-2b", "GroupName": "", "Tenancy": "default"},
    "PrivateDnsName": "ip-192-168-40-17.us-west-2.compute.internal", "PrivateIpAddress": "192.168.40.17",
    "PublicDnsName": "", "State": {"Code": 16, "Name": "running"}, "SubnetId": ANALYSIS_SUBNET, "VpcId": VPC, "Architecture": "x86_64",
    "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"AttachTime": "2026-11-29T06:36:53+00:00", "DeleteOnTermination": True,
                                                               "Status": "attached", "VolumeId": "vol-0e2f3a4b5c6d7e8f9"}}],
    "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{ANALYSIS_PROFILE}", "Id": "AIPAEXAMPLEIRANALYSIS"},
    "NetworkInterfaces": [{"Attachment": {"AttachTime": "2026-11-29T06:36:52+00:00", "AttachmentId": "eni-attach-0d3c2b1a0f9e87654", "DeleteOnTermination": True,
                                          "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
                           "Description": "", "Groups": ANALYSIS_GROUPS, "MacAddress": "02:7a:6b:5c:4d:3e", "NetworkInterfaceId": "eni-0d3c2b1a0f9e87654",
                           "OwnerId": ACCOUNT, "PrivateDnsName": "ip-192-168-40-17.us-west-2.compute.internal", "PrivateIpAddress": "192.168.40.17",
                           "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": "ip-192-168-40-17.us-west-2.compute.internal", "PrivateIpAddress": "192.168.40.17"}],
                           "SourceDestCheck": True, "Status": "in-use", "SubnetId": ANALYSIS_SUBNET, "VpcId": VPC, "InterfaceType": "interface"}],
    "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs", "SecurityGroups": ANALYSIS_GROUPS,
    "Tags": [{"Key": "Name", "Value": "ir-analysis"}, {"Key": "Purpose", "Value": "forensics"}],
    "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled", "State": "applied"},
}

files = {
    # the node first: tests and readers that want the incident's instance take the first reservation
    "describe-instances.json": {"Reservations": [{"Groups": [], "Instances": [instance], "OwnerId": ACCOUNT, "ReservationId": "r-0d4e5f6a7b8c9d0e1"},
                                                 {"Groups": [], "Instances": [analysis], "OwnerId": ACCOUNT, "ReservationId": "r-0b7c8d9e0f1a2b3c4"}]},
    # aws ec2 describe-snapshots --owner-ids self --filters Name=volume-id,Values=vol-0c1d2e3f4a5b6c7d8
    "describe-snapshots.json": {"Snapshots": [{"Description": "on-call: ip-192-168-23-107 root volume, GuardDuty PrivilegedContainer", "Encrypted": True,
                                               "KmsKeyId": f"arn:aws:kms:us-west-2:{ACCOUNT}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                                               "OwnerId": ACCOUNT, "Progress": "100%", "SnapshotId": "snap-0e4d3c2b1a0f98765",
                                               "StartTime": "2026-11-29T06:43:07.204000+00:00", "State": "completed", "VolumeId": "vol-0c1d2e3f4a5b6c7d8",
                                               "VolumeSize": 80, "StorageTier": "standard",
                                               "Tags": [{"Key": "Name", "Value": "ip-192-168-23-107-oncall"}]}]},
    "describe-volumes.json": {"Volumes": [{"Attachments": [{"AttachTime": "2026-11-28T21:04:12+00:00", "Device": "/dev/xvda", "InstanceId": INSTANCE,
                                                            "State": "attached", "VolumeId": "vol-0c1d2e3f4a5b6c7d8", "DeleteOnTermination": True}],
                                           "AvailabilityZone": "us-west-2b", "CreateTime": "2026-11-28T21:04:12.118000+00:00", "Encrypted": True,
                                           "Size": 80, "SnapshotId": "snap-0a0b0c0d0e0f01234", "State": "in-use", "VolumeId": "vol-0c1d2e3f4a5b6c7d8",
                                           "Iops": 3000, "VolumeType": "gp3", "Throughput": 125}]},
    "describe-instance-attribute-disableApiTermination.json": {"DisableApiTermination": {"Value": False}, "InstanceId": INSTANCE},
    "describe-instance-attribute-instanceInitiatedShutdownBehavior.json": {"InstanceId": INSTANCE, "InstanceInitiatedShutdownBehavior": {"Value": "terminate"}},
    "describe-iam-instance-profile-associations.json": {"IamInstanceProfileAssociations": [
        {"AssociationId": "iip-assoc-0f9e8d7c6b5a43210", "InstanceId": INSTANCE, "State": "associated",
         "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{PROFILE}", "Id": "AIPAEXAMPLENODEPROFILE"}}]},
    "iam-get-instance-profile.json": {"InstanceProfile": {"Path": "/", "InstanceProfileName": PROFILE, "InstanceProfileId": "AIPAEXAMPLENODEPROFILE",
                                                          "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{PROFILE}", "CreateDate": "2026-11-28T20:58:40+00:00",
                                                          "Roles": [{"Path": "/", "RoleName": ROLE, "RoleId": "AROAEXAMPLENODEROLE01",
                                                                     "Arn": f"arn:aws:iam::{ACCOUNT}:role/{ROLE}", "CreateDate": "2026-11-28T20:58:31+00:00"}]}},
}

os.makedirs(OUT, exist_ok=True)
for name, body in files.items():
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(body, f, indent=2)
        f.write("\n")
print(f"wrote {len(files)} files to {os.path.normpath(OUT)}")
