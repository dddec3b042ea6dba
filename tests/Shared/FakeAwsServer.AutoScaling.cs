namespace EksIr.Tests;

/// <summary>
/// EC2 Auto Scaling on the loopback endpoint (Query protocol, API version 2011-01-01): the instance belongs to the group
/// its <c>aws:autoscaling:groupName</c> tag names, as the sample's instance does. DescribeAutoScalingInstances,
/// SetInstanceProtection and DetachInstances take the parameters AWS's Auto Scaling API reference names and answer in
/// its XML; a parameter missing or misnamed is a ValidationError, as AWS answers it.
/// </summary>
public sealed partial class FakeAwsServer
{
    private const string AutoScalingNs = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private bool _autoScalingSeeded;
    private string? _autoScalingGroup;

    /// <summary>The instance's Auto Scaling group, or null when no group has it (after a detach, or set so by a test).</summary>
    public string? AutoScalingGroup
    {
        get
        {
            Seed();
            return _autoScalingGroup;
        }

        set
        {
            _autoScalingSeeded = true;
            _autoScalingGroup = value;
        }
    }

    public bool ProtectedFromScaleIn { get; set; }

    public string AutoScalingLifecycle { get; set; } = "InService";

    /// <summary>Replacement instances the group launched because one left it with its desired capacity kept.</summary>
    public List<string> Replacements { get; } = [];

    private void Seed()
    {
        if (!_autoScalingSeeded)
        {
            _autoScalingSeeded = true;
            _autoScalingGroup = Tags.GetValueOrDefault("aws:autoscaling:groupName");
        }
    }

    private (int, string, string) AutoScaling(string action, Dictionary<string, string> p)
    {
        (int, string, string) Xml(string inner) => (200, "text/xml",
            $"<{action}Response xmlns=\"{AutoScalingNs}\"><{action}Result>{inner}</{action}Result><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{action}Response>");
        (int, string, string) Error(string message) => (400, "text/xml",
            $"<ErrorResponse xmlns=\"{AutoScalingNs}\"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>{E(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>");
        var known = action switch
        {
            "DescribeAutoScalingInstances" => new[] { "InstanceIds.member.1", "MaxRecords", "NextToken" },
            "SetInstanceProtection" => ["AutoScalingGroupName", "InstanceIds.member.1", "ProtectedFromScaleIn"],
            "DetachInstances" => ["AutoScalingGroupName", "InstanceIds.member.1", "ShouldDecrementDesiredCapacity"],
            _ => null,
        };
        if (known is null)
        {
            return (400, "text/xml", $"<ErrorResponse xmlns=\"{AutoScalingNs}\"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the fake does not know {E(action)}</Message></Error></ErrorResponse>");
        }

        if (p.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            return Error($"Unknown parameter {unknown}");
        }

        if (action != "DescribeAutoScalingInstances" && known.FirstOrDefault(k => !p.ContainsKey(k)) is { } missing)
        {
            return Error($"1 validation error detected: Value null at '{missing}' failed to satisfy constraint: Member must not be null");
        }

        var group = AutoScalingGroup;
        var instance = p.GetValueOrDefault("InstanceIds.member.1");
        var member = group is not null && instance == InstanceId;
        if (action == "DescribeAutoScalingInstances")
        {
            return Xml("<AutoScalingInstances>" + (!member ? "" :
                $"<member><InstanceId>{InstanceId}</InstanceId><InstanceType>m5.large</InstanceType><AutoScalingGroupName>{E(group!)}</AutoScalingGroupName>" +
                $"<AvailabilityZone>us-west-2b</AvailabilityZone><LifecycleState>{AutoScalingLifecycle}</LifecycleState><HealthStatus>HEALTHY</HealthStatus>" +
                $"<ProtectedFromScaleIn>{(ProtectedFromScaleIn ? "true" : "false")}</ProtectedFromScaleIn></member>") + "</AutoScalingInstances>");
        }

        if (!member || p["AutoScalingGroupName"] != group)
        {
            return Error($"The instance {instance} is not part of Auto Scaling group {p["AutoScalingGroupName"]}.");
        }

        if (action == "SetInstanceProtection")
        {
            ProtectedFromScaleIn = p["ProtectedFromScaleIn"] == "true";
            return Xml("");
        }

        AutoScalingGroup = null;
        ProtectedFromScaleIn = false; // AWS: a detached instance loses its scale-in protection setting
        if (p["ShouldDecrementDesiredCapacity"] == "false")
        {
            Replacements.Add($"i-0{++_sequence:x16}");
        }

        return Xml($"<Activities><member><ActivityId>{Guid.NewGuid()}</ActivityId><AutoScalingGroupName>{E(group!)}</AutoScalingGroupName>" +
                   $"<Description>Detaching EC2 instance: {InstanceId}</Description><StatusCode>InProgress</StatusCode><Progress>50</Progress></member></Activities>");
    }
}
