namespace EksIr.Cloud.Volumes;

/// <summary>An EBS volume attached to the analysis instance at a device name (<c>/dev/sdf</c>), as EC2 reports it.</summary>
public sealed record AttachedVolume(string VolumeId, string Device);
