using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Web;

namespace EksIr.Tests;

/// <summary>
/// A loopback AWS endpoint for EC2 (Query, XML), IAM and STS (Query, XML) and SSM (JSON 1.1): it keeps an account's
/// state seeded from the sample AWS CLI snapshot (the instance, its ENIs and groups, attributes, tags, profile
/// association, role policies, snapshots, SSM commands), changes it as calls arrive, and records every call with its
/// service, action, parameters and whether its SigV4 signature checks out against the test secret key. A call can be
/// made to fail (AccessDenied, throttling) a given number of times.
/// </summary>
public sealed partial class FakeAwsServer : IDisposable
{
    public const string AccessKey = "AKIDFAKEIRTEST000001";
    public const string SecretKey = "fake/secret/for/loopback/tests/only000000";
    private const string Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private readonly LoopbackHttpServer _server;
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Code, int Status, int Times, string Message)> _failures = [];
    private int _sequence;

    public FakeAwsServer(string snapshot)
    {
        var instance = JsonDocument.Parse(File.ReadAllText(Path.Combine(snapshot, "describe-instances.json"))).RootElement
            .GetProperty("Reservations")[0].GetProperty("Instances")[0];
        InstanceId = instance.GetProperty("InstanceId").GetString()!;
        VpcId = instance.GetProperty("VpcId").GetString()!;
        PrivateIp = instance.GetProperty("PrivateIpAddress").GetString()!;
        ProfileArn = instance.GetProperty("IamInstanceProfile").GetProperty("Arn").GetString()!;
        foreach (var eni in instance.GetProperty("NetworkInterfaces").EnumerateArray())
        {
            InterfaceGroups[eni.GetProperty("NetworkInterfaceId").GetString()!] = eni.GetProperty("Groups").EnumerateArray()
                .Select(g => g.GetProperty("GroupId").GetString()!).ToList();
            InterfaceIndex[eni.GetProperty("NetworkInterfaceId").GetString()!] = eni.GetProperty("Attachment").GetProperty("DeviceIndex").GetInt32();
            InterfaceIps[eni.GetProperty("NetworkInterfaceId").GetString()!] = eni.GetProperty("PrivateIpAddress").GetString()!;
        }

        foreach (var b in instance.GetProperty("BlockDeviceMappings").EnumerateArray())
        {
            Volumes[b.GetProperty("DeviceName").GetString()!] = (b.GetProperty("Ebs").GetProperty("VolumeId").GetString()!, b.GetProperty("Ebs").GetProperty("DeleteOnTermination").GetBoolean());
        }

        foreach (var t in instance.GetProperty("Tags").EnumerateArray())
        {
            Tags[t.GetProperty("Key").GetString()!] = t.GetProperty("Value").GetString()!;
        }

        var roles = JsonDocument.Parse(File.ReadAllText(Path.Combine(snapshot, "iam-get-instance-profile.json"))).RootElement.GetProperty("InstanceProfile");
        ProfileRoles = roles.GetProperty("Roles").EnumerateArray().Select(r => r.GetProperty("RoleName").GetString()!).ToList();
        Association = "iip-assoc-0f9e8d7c6b5a43210";

        _server = new LoopbackHttpServer(Answer);
        Url = _server.Url;
    }

    public string Url { get; }

    public string InstanceId { get; }

    public string VpcId { get; }

    public string PrivateIp { get; }

    public string ProfileArn { get; }

    public List<string> ProfileRoles { get; }

    /// <summary>The current profile association id, or null once detached.</summary>
    public string? Association { get; private set; }

    public Dictionary<string, List<string>> InterfaceGroups { get; } = [];

    public Dictionary<string, int> InterfaceIndex { get; } = [];

    public Dictionary<string, string> InterfaceIps { get; } = [];

    public Dictionary<string, (string VolumeId, bool DeleteOnTermination)> Volumes { get; } = [];

    public Dictionary<string, string> Tags { get; } = [];

    public bool TerminationProtection { get; set; }

    public string ShutdownBehavior { get; set; } = "terminate";

    public Dictionary<string, (string Id, string Vpc)> SecurityGroups { get; } = [];

    public Dictionary<string, bool> GroupHasEgress { get; } = [];

    public Dictionary<(string Role, string Policy), string> RolePolicies { get; } = [];

    public List<(string Id, string Volume, Dictionary<string, string> Tags, int Percent)> Snapshots { get; } = [];

    public Dictionary<string, (List<string> Lines, int Polls)> Commands { get; } = [];

    /// <summary>What the memory script prints on success; {uri} is replaced by the script's destination.</summary>
    public string CommandOutput { get; set; } = "uploaded\neksir-memory sha256=" + new string('a', 64) + " bytes=8589934592 uri={uri}\n";

    public string CommandStatus { get; set; } = "Success";

    /// <summary>Every call: service, action, parameters (form fields or JSON body), whether its signature is valid.</summary>
    public ConcurrentQueue<(string Service, string Action, Dictionary<string, string> Parameters, string Json, bool Signed, string Scope)> Calls { get; } = new();

    public IEnumerable<string> Actions => Calls.Select(c => c.Action);

    public void Fail(string action, string code, int status, int times = int.MaxValue, string message = "failed by the test") =>
        _failures[action] = (code, status, times, message);

    public void Dispose() => _server.Dispose();

    private LoopbackResponse Answer(LoopbackRequest http)
    {
        var body = http.Body;
        var check = SigV4Check.Verify(http.Method, http.Url.AbsolutePath, http.Url.Query, http.Headers, body, SecretKey);
        var target = http.Headers["X-Amz-Target"];
        (int Status, string ContentType, string Body) answer;
        lock (_gate)
        {
            if (target is not null)
            {
                var action = target.Split('.')[^1];
                var json = Encoding.UTF8.GetString(body);
                var service = target.StartsWith("AmazonAthena.", StringComparison.Ordinal) ? "athena" : target.StartsWith("Logs_20140328.", StringComparison.Ordinal) ? "logs" : "ssm";
                var jsonType = http.ContentType ?? "";
                Calls.Enqueue((service, action, new Dictionary<string, string> { ["Content-Type"] = jsonType }, json, check.Valid && check.Service == service,
                    $"{check.Service}/{check.Region} {check.Why}"));
                var request = JsonDocument.Parse(json).RootElement;
                answer = Failure(action, json: true) ?? service switch
                {
                    "athena" => AthenaAnswer(action, request),
                    "logs" => LogsAnswer(action, request),
                    _ => Ssm(action, request),
                };
            }
            else
            {
                var form = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
                var parameters = form.AllKeys.OfType<string>().ToDictionary(k => k, k => form[k]!);
                var action = parameters.GetValueOrDefault("Action") ?? "";
                var service = parameters.GetValueOrDefault("Version") switch { "2016-11-15" => "ec2", "2010-05-08" => "iam", "2011-06-15" => "sts", "2011-01-01" => "autoscaling", _ => "?" };
                parameters.Remove("Action");
                parameters.Remove("Version");
                Calls.Enqueue((service, action, parameters, "", check.Valid && check.Service == service, $"{check.Service}/{check.Region} {check.Why}"));
                answer = Failure(action, json: false, service) ?? service switch
                {
                    "ec2" => Ec2(action, parameters),
                    "iam" => Iam(action, parameters),
                    "autoscaling" => AutoScaling(action, parameters),
                    "sts" => (200, "text/xml", $"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/IncidentResponder/analyst</Arn><UserId>AROAEXAMPLERESPONDER:analyst</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>"),
                    _ => (400, "text/xml", "<ErrorResponse><Error><Code>InvalidAction</Code><Message>unknown version</Message></Error></ErrorResponse>"),
                };
            }
        }

        return LoopbackResponse.Text(answer.Status, answer.ContentType, answer.Body, new Dictionary<string, string> { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() });
    }

    private (int, string, string)? Failure(string action, bool json, string service = "ssm")
    {
        if (!_failures.TryGetValue(action, out var f) || f.Times <= 0)
        {
            return null;
        }

        _failures[action] = f with { Times = f.Times - 1 };
        return json ? (f.Status, "application/x-amz-json-1.1", $"{{\"__type\":\"{f.Code}\",\"message\":\"{f.Message}\"}}")
            : service == "ec2" ? (f.Status, "text/xml", $"<Response><Errors><Error><Code>{f.Code}</Code><Message>{f.Message}</Message></Error></Errors><RequestID>{Guid.NewGuid()}</RequestID></Response>")
            : (f.Status, "text/xml", $"<ErrorResponse><Error><Type>Sender</Type><Code>{f.Code}</Code><Message>{f.Message}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>");
    }

    private (int, string, string) Ec2(string action, Dictionary<string, string> p)
    {
        string Ok(string inner) => $"<{action}Response xmlns=\"{Ec2Ns}\"><requestId>{Guid.NewGuid()}</requestId>{inner}</{action}Response>";
        (int, string, string) Xml(string inner) => (200, "text/xml", Ok(inner));
        (int, string, string) Error(string code, string message) => (400, "text/xml", $"<Response><Errors><Error><Code>{code}</Code><Message>{E(message)}</Message></Error></Errors><RequestID>x</RequestID></Response>");
        var instanceId = p.GetValueOrDefault("InstanceId") ?? p.GetValueOrDefault("InstanceId.1") ?? p.GetValueOrDefault("InstanceSpecification.InstanceId");
        if (instanceId is not null && instanceId != InstanceId && !AnalysisInstances.ContainsKey(instanceId))
        {
            return Error("InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist");
        }

        switch (action)
        {
            case "DescribeInstances" when AnalysisInstances.ContainsKey(instanceId ?? ""):
                return Xml(AnalysisInstance(instanceId!));
            case "DescribeVolumes" when AsksForCaseVolumes(p):
            case "CreateVolume":
            case "AttachVolume":
            case "DetachVolume":
            case "DeleteVolume":
                return VolumeCall(action, p);
            case "DescribeInstances":
                return Xml($"<reservationSet><item><reservationId>r-0d4e5f6a7b8c9d0e1</reservationId><ownerId>111122223333</ownerId><instancesSet><item>" +
                           $"<instanceId>{InstanceId}</instanceId><instanceState><code>16</code><name>running</name></instanceState>" +
                           $"<privateIpAddress>{PrivateIp}</privateIpAddress><ipAddress>192.0.2.44</ipAddress><vpcId>{VpcId}</vpcId>" +
                           "<placement><availabilityZone>us-west-2b</availabilityZone></placement>" +
                           (Association is null ? "" : $"<iamInstanceProfile><arn>{ProfileArn}</arn><id>AIPAEXAMPLENODEPROFILE</id></iamInstanceProfile>") +
                           "<networkInterfaceSet>" + string.Concat(InterfaceGroups.Select(i =>
                               $"<item><networkInterfaceId>{i.Key}</networkInterfaceId><privateIpAddress>{InterfaceIps[i.Key]}</privateIpAddress><attachment><deviceIndex>{InterfaceIndex[i.Key]}</deviceIndex></attachment><groupSet>" +
                               string.Concat(i.Value.Select(g => $"<item><groupId>{g}</groupId><groupName>{GroupName(g)}</groupName></item>")) + "</groupSet></item>")) +
                           "</networkInterfaceSet><blockDeviceMapping>" + string.Concat(Volumes.Select(v =>
                               $"<item><deviceName>{v.Key}</deviceName><ebs><volumeId>{v.Value.VolumeId}</volumeId><status>attached</status><deleteOnTermination>{(v.Value.DeleteOnTermination ? "true" : "false")}</deleteOnTermination></ebs></item>")) +
                           "</blockDeviceMapping><tagSet>" + string.Concat(Tags.Select(t => $"<item><key>{E(t.Key)}</key><value>{E(t.Value)}</value></item>")) +
                           "</tagSet></item></instancesSet></item></reservationSet>");
            case "DescribeVolumes":
                return Xml("<volumeSet>" + string.Concat(Volumes.Values.Select(v => $"<item><volumeId>{v.VolumeId}</volumeId><size>80</size><volumeType>gp3</volumeType></item>")) + "</volumeSet>");
            case "DescribeInstanceAttribute":
                return p["Attribute"] == "disableApiTermination"
                    ? Xml($"<instanceId>{InstanceId}</instanceId><disableApiTermination><value>{(TerminationProtection ? "true" : "false")}</value></disableApiTermination>")
                    : Xml($"<instanceId>{InstanceId}</instanceId><instanceInitiatedShutdownBehavior><value>{ShutdownBehavior}</value></instanceInitiatedShutdownBehavior>");
            case "DescribeIamInstanceProfileAssociations":
                return Xml("<iamInstanceProfileAssociationSet>" + (Association is null ? "" :
                    $"<item><associationId>{Association}</associationId><instanceId>{InstanceId}</instanceId><iamInstanceProfile><arn>{ProfileArn}</arn><id>AIPAEXAMPLENODEPROFILE</id></iamInstanceProfile><state>associated</state></item>") +
                    "</iamInstanceProfileAssociationSet>");
            case "DescribeSecurityGroups":
            {
                var filters = Filters(p);
                var groups = SecurityGroups.Where(g => (!filters.TryGetValue("group-name", out var n) || n.Contains(g.Key)) && (!filters.TryGetValue("vpc-id", out var v) || v.Contains(g.Value.Vpc)));
                return Xml("<securityGroupInfo>" + string.Concat(groups.Select(g => $"<item><groupId>{g.Value.Id}</groupId><groupName>{g.Key}</groupName><vpcId>{g.Value.Vpc}</vpcId></item>")) + "</securityGroupInfo>");
            }

            case "CreateSecurityGroup":
            {
                var id = $"sg-0{++_sequence:x16}";
                SecurityGroups[p["GroupName"]] = (id, p["VpcId"]);
                GroupHasEgress[id] = true;
                return Xml($"<return>true</return><groupId>{id}</groupId>");
            }

            case "RevokeSecurityGroupEgress":
                GroupHasEgress[p["GroupId"]] = false;
                return Xml("<return>true</return>");
            case "ModifyNetworkInterfaceAttribute":
                InterfaceGroups[p["NetworkInterfaceId"]] = p.Where(x => x.Key.StartsWith("SecurityGroupId.", StringComparison.Ordinal)).OrderBy(x => x.Key).Select(x => x.Value).ToList();
                return Xml("<return>true</return>");
            case "DisassociateIamInstanceProfile":
                if (p["AssociationId"] != Association)
                {
                    return Error("InvalidAssociationID.NotFound", $"An association ID '{p["AssociationId"]}' does not exist");
                }

                Association = null;
                return Xml($"<iamInstanceProfileAssociation><associationId>{p["AssociationId"]}</associationId><instanceId>{InstanceId}</instanceId><state>disassociating</state></iamInstanceProfileAssociation>");
            case "ModifyInstanceAttribute":
                if (p.TryGetValue("DisableApiTermination.Value", out var t))
                {
                    TerminationProtection = t == "true";
                }

                if (p.TryGetValue("InstanceInitiatedShutdownBehavior.Value", out var s))
                {
                    ShutdownBehavior = s;
                }

                if (p.TryGetValue("BlockDeviceMapping.1.DeviceName", out var device))
                {
                    Volumes[device] = (Volumes[device].VolumeId, p["BlockDeviceMapping.1.Ebs.DeleteOnTermination"] == "true");
                }

                return Xml("<return>true</return>");
            case "CreateTags":
                for (var i = 1; p.TryGetValue($"Tag.{i}.Key", out var key); i++)
                {
                    Tags[key] = p.GetValueOrDefault($"Tag.{i}.Value") ?? "";
                }

                return Xml("<return>true</return>");
            case "CreateSnapshots":
            {
                var tags = new Dictionary<string, string>();
                for (var i = 1; p.TryGetValue($"TagSpecification.1.Tag.{i}.Key", out var key); i++)
                {
                    tags[key] = p[$"TagSpecification.1.Tag.{i}.Value"];
                }

                var created = Volumes.Values.Select(v => ($"snap-0{++_sequence:x16}", v.VolumeId, tags, 0)).ToList();
                Snapshots.AddRange(created);
                return Xml("<snapshotSet>" + string.Concat(created.Select(c => $"<item><snapshotId>{c.Item1}</snapshotId><volumeId>{c.VolumeId}</volumeId><state>pending</state><progress></progress><startTime>2026-11-29T09:00:00.000Z</startTime></item>")) + "</snapshotSet>");
            }

            case "DescribeSnapshots":
            {
                var filters = Filters(p);
                var ids = p.Where(x => x.Key.StartsWith("SnapshotId.", StringComparison.Ordinal)).Select(x => x.Value).ToHashSet();
                var chosen = Snapshots.Where(x => (ids.Count == 0 || ids.Contains(x.Id))
                                                   && (!filters.TryGetValue("volume-id", out var v) || v.Contains(x.Volume))
                                                   && filters.Where(f => f.Key.StartsWith("tag:", StringComparison.Ordinal)).All(f => x.Tags.TryGetValue(f.Key[4..], out var tv) && f.Value.Contains(tv)))
                    .ToList();
                for (var i = 0; i < Snapshots.Count; i++)
                {
                    if (ids.Contains(Snapshots[i].Id))
                    {
                        Snapshots[i] = Snapshots[i] with { Percent = Math.Min(100, Snapshots[i].Percent + 50) };
                    }
                }

                return Xml("<snapshotSet>" + string.Concat(chosen.Select(c => Snapshots.First(x => x.Id == c.Id)).Select(c =>
                    $"<item><snapshotId>{c.Id}</snapshotId><volumeId>{c.Volume}</volumeId><status>{(c.Percent >= 100 ? "completed" : "pending")}</status><progress>{c.Percent}%</progress><startTime>2026-11-29T09:00:00.000Z</startTime></item>")) + "</snapshotSet>");
            }

            default:
                return Error("InvalidAction", $"the fake does not know {action}");
        }
    }

    private (int, string, string) Iam(string action, Dictionary<string, string> p)
    {
        const string ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        (int, string, string) Xml(string inner) => (200, "text/xml", $"<{action}Response xmlns=\"{ns}\"><{action}Result>{inner}</{action}Result><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{action}Response>");
        (int, string, string) Missing(string message) => (404, "text/xml", $"<ErrorResponse xmlns=\"{ns}\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>{E(message)}</Message></Error><RequestId>x</RequestId></ErrorResponse>");
        switch (action)
        {
            case "GetInstanceProfile":
                return ProfileArn.EndsWith("/" + p["InstanceProfileName"], StringComparison.Ordinal)
                    ? Xml($"<InstanceProfile><InstanceProfileName>{p["InstanceProfileName"]}</InstanceProfileName><Arn>{ProfileArn}</Arn><Roles>" +
                          string.Concat(ProfileRoles.Select(r => $"<member><RoleName>{r}</RoleName><Arn>arn:aws:iam::111122223333:role/{r}</Arn></member>")) + "</Roles></InstanceProfile>")
                    : Missing($"Instance Profile {p["InstanceProfileName"]} cannot be found.");
            case "GetRolePolicy":
                return RolePolicies.TryGetValue((p["RoleName"], p["PolicyName"]), out var document)
                    ? Xml($"<RoleName>{p["RoleName"]}</RoleName><PolicyName>{p["PolicyName"]}</PolicyName><PolicyDocument>{E(Uri.EscapeDataString(document))}</PolicyDocument>")
                    : Missing($"The role policy with name {p["PolicyName"]} cannot be found.");
            case "PutRolePolicy":
                RolePolicies[(p["RoleName"], p["PolicyName"])] = p["PolicyDocument"];
                return Xml("");
            default:
                return (400, "text/xml", "<ErrorResponse><Error><Code>InvalidAction</Code><Message>unknown</Message></Error></ErrorResponse>");
        }
    }

    private (int, string, string) Ssm(string action, JsonElement body)
    {
        switch (action)
        {
            case "SendCommand":
            {
                var id = Guid.NewGuid().ToString();
                Commands[id] = (body.GetProperty("Parameters").GetProperty("commands").EnumerateArray().Select(l => l.GetString()!).ToList(), 0);
                return (200, "application/x-amz-json-1.1", JsonSerializer.Serialize(new { Command = new { CommandId = id, DocumentName = body.GetProperty("DocumentName").GetString(), Status = "Pending" } }));
            }

            case "GetCommandInvocation":
            {
                var id = body.GetProperty("CommandId").GetString()!;
                var command = Commands[id];
                Commands[id] = command with { Polls = command.Polls + 1 };
                if (command.Polls == 0)
                {
                    return (400, "application/x-amz-json-1.1", "{\"__type\":\"InvocationDoesNotExist\"}"); // as SSM answers right after SendCommand
                }

                var done = command.Polls >= 2;
                var uri = command.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"uri=(s3://\S+?)""")).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "";
                return (200, "application/x-amz-json-1.1", JsonSerializer.Serialize(new
                {
                    CommandId = id,
                    InstanceId = body.GetProperty("InstanceId").GetString(),
                    Status = done ? CommandStatus : "InProgress",
                    StatusDetails = done ? CommandStatus : "InProgress",
                    ResponseCode = done ? (CommandStatus == "Success" ? 0 : 1) : -1,
                    StandardOutputContent = done ? CommandOutput.Replace("{uri}", uri, StringComparison.Ordinal) : "",
                    StandardErrorContent = done && CommandStatus != "Success" ? "avml: command not found" : "",
                }));
            }

            default:
                return (400, "application/x-amz-json-1.1", "{\"__type\":\"InvalidAction\"}");
        }
    }

    /// <summary>How the fake Athena answers a query: column names and types, rows as text (null: SQL NULL).</summary>
    public Func<string, (IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<string?[]> Rows)>? Athena { get; set; }

    /// <summary>When set, every Athena query ends FAILED with this reason.</summary>
    public string? AthenaFailure { get; set; }

    /// <summary>How the fake CloudWatch Logs answers a query (text, start, end in epoch seconds): rows of field/value pairs.</summary>
    public Func<string, long, long, IReadOnlyList<IReadOnlyList<(string Field, string Value)>>>? Insights { get; set; }

    private readonly Dictionary<string, (string Sql, int Polls)> _athena = [];
    private readonly Dictionary<string, (string Query, long Start, long End, int Polls)> _insights = [];

    private (int, string, string) AthenaAnswer(string action, JsonElement body)
    {
        const string json = "application/x-amz-json-1.1";
        switch (action)
        {
            case "StartQueryExecution":
            {
                var id = $"q-{++_sequence:D4}";
                _athena[id] = (body.GetProperty("QueryString").GetString()!, 0);
                return (200, json, JsonSerializer.Serialize(new { QueryExecutionId = id }));
            }

            case "GetQueryExecution":
            {
                var id = body.GetProperty("QueryExecutionId").GetString()!;
                var q = _athena[id];
                _athena[id] = q with { Polls = q.Polls + 1 };
                var state = q.Polls == 0 ? "RUNNING" : AthenaFailure is null ? "SUCCEEDED" : "FAILED";
                return (200, json, JsonSerializer.Serialize(new
                {
                    QueryExecution = new
                    {
                        QueryExecutionId = id,
                        Query = q.Sql,
                        Status = new { State = state, StateChangeReason = state == "FAILED" ? AthenaFailure : null },
                        Statistics = new { DataScannedInBytes = 52_428_800L, EngineExecutionTimeInMillis = 812 },
                    },
                }));
            }

            case "GetQueryResults":
            {
                var id = body.GetProperty("QueryExecutionId").GetString()!;
                var (columns, rows) = Athena!(_athena[id].Sql);
                var all = new List<string?[]> { columns.Select(c => (string?)c.Name).ToArray() };
                all.AddRange(rows);
                var from = body.TryGetProperty("NextToken", out var t) ? int.Parse(t.GetString()!, CultureInfo.InvariantCulture) : 0;
                const int page = 2; // small pages, so paging is exercised
                var slice = all.Skip(from).Take(page).ToList();
                return (200, json, JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["ResultSet"] = new
                    {
                        ResultSetMetadata = new { ColumnInfo = columns.Select(c => new { Name = c.Name, Label = c.Name, Type = c.Type }) },
                        Rows = slice.Select(r => new { Data = r.Select(v => v is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["VarCharValue"] = v }) }),
                    },
                    ["NextToken"] = from + page < all.Count ? (from + page).ToString(CultureInfo.InvariantCulture) : null,
                }));
            }

            case "StopQueryExecution":
                return (200, json, "{}");
            default:
                return (400, json, "{\"__type\":\"InvalidRequestException\",\"message\":\"unknown operation\"}");
        }
    }

    private (int, string, string) LogsAnswer(string action, JsonElement body)
    {
        const string json = "application/x-amz-json-1.1";
        switch (action)
        {
            case "StartQuery":
            {
                var id = $"lq-{++_sequence:D4}";
                _insights[id] = (body.GetProperty("queryString").GetString()!, body.GetProperty("startTime").GetInt64(), body.GetProperty("endTime").GetInt64(), 0);
                return (200, json, JsonSerializer.Serialize(new { queryId = id }));
            }

            case "GetQueryResults":
            {
                var id = body.GetProperty("queryId").GetString()!;
                var q = _insights[id];
                _insights[id] = q with { Polls = q.Polls + 1 };
                if (q.Polls == 0)
                {
                    return (200, json, JsonSerializer.Serialize(new { status = "Running", results = Array.Empty<object>() }));
                }

                var rows = Insights!(q.Query, q.Start, q.End);
                return (200, json, JsonSerializer.Serialize(new
                {
                    status = "Complete",
                    results = rows.Select(r => r.Select(c => new { field = c.Field, value = c.Value }).Append(new { field = "@ptr", value = "CmAKJwoj" })),
                    statistics = new { recordsMatched = (double)rows.Count, recordsScanned = 135.0, bytesScanned = 181_340.0 },
                }));
            }

            case "StopQuery":
                return (200, json, "{\"success\":true}");
            default:
                return (400, json, "{\"__type\":\"InvalidParameterException\",\"message\":\"unknown operation\"}");
        }
    }

    private string GroupName(string id) =>
        SecurityGroups.FirstOrDefault(g => g.Value.Id == id).Key ?? (id == "sg-0aa11bb22cc33dd44" ? "eks-cluster-sg-eksworkshop-eksctl-1234567890" : "eksctl-eksworkshop-eksctl-nodegroup-ng-1-remoteAccess");

    private static Dictionary<string, HashSet<string>> Filters(Dictionary<string, string> p)
    {
        var filters = new Dictionary<string, HashSet<string>>();
        for (var i = 1; p.TryGetValue($"Filter.{i}.Name", out var name); i++)
        {
            filters[name] = p.Where(x => x.Key.StartsWith($"Filter.{i}.Value.", StringComparison.Ordinal)).Select(x => x.Value).ToHashSet();
        }

        return filters;
    }

    private static string E(string s) => SecurityElement.Escape(s);

}
