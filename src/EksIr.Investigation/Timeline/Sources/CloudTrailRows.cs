using EksIr.Core.Evidence;
using System.Globalization;
using EksIr.Disk.Containers;
using EksIr.Core.Time;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Sql;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// CloudTrail's events as timeline rows, through whichever engine holds the trail (local exports or Athena; the same
/// SQL). Entities: the access key id, the principal's ARN and, for an assumed role, the role's ARN and the session's
/// instance id (EC2 role credentials are named after their instance), the source address, the access key a call
/// issued (<c>responseElements.credentials.accessKeyId</c> of AssumeRole, GetSessionToken and the like,
/// <c>responseElements.accessKey.accessKeyId</c> of CreateAccessKey: taken as written, as the caller's key is, so the
/// issuing call is linked to the calls made with the key even when it is not in AWS's key alphabet, as in anonymised
/// exports), and access keys and instance ids found in the request and response text.
/// </summary>
public static class CloudTrailRows
{
    public static async Task<(IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<EvidenceProblem> Problems)> ReadAsync(ICloudTrailSql trail,
        TimeWindow window, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT eventtime, eventid, eventsource, eventname, useridentity.type, useridentity.arn, useridentity.accesskeyid,
                   useridentity.sessioncontext.sessionissuer.arn, useridentity.username, useridentity.invokedby, sourceipaddress,
                   errorcode, requestparameters, responseelements, "$path",
                   json_extract_scalar(responseelements, '$.credentials.accessKeyId'), json_extract_scalar(responseelements, '$.accessKey.accessKeyId')
            FROM cloudtrail{Where(window, trail is CloudTrailLocal)}
            ORDER BY eventtime, eventid
            """;
        var result = await trail.QueryAsync(sql, cancellationToken: cancellationToken).ConfigureAwait(false);
        var rows = new List<IncidentEvent>();
        var problems = new List<EvidenceProblem>(result.Scan.Skipped);
        foreach (var r in result.Rows)
        {
            var path = r[14] as string ?? "";
            if (Rfc3339.TryParse(r[0] as string) is not { } time)
            {
                problems.Add(new EvidenceProblem(path, $"eventID {r[1]}", $"eventTime '{r[0]}' is not a time; row left out of the timeline"));
                continue;
            }

            if (!window.Contains(time))
            {
                continue;
            }

            var (name, source, arn, key, issuer, user, ip, error) = (r[3] as string ?? "?", r[2] as string ?? "", r[5] as string, r[6] as string, r[7] as string,
                r[8] as string, r[10] as string, r[11] as string);
            var who = user ?? (arn is null ? r[9] as string ?? r[4] as string : arn[(arn.LastIndexOf(':') + 1)..]);
            var entities = new List<EntityRef?>
            {
                key is null ? null : new EntityRef(EntityKinds.AccessKey, key),
                r[15] is string issued ? new EntityRef(EntityKinds.AccessKey, issued) : null,
                r[16] is string created ? new EntityRef(EntityKinds.AccessKey, created) : null,
                arn is null ? null : new EntityRef(EntityKinds.IamArn, arn),
                issuer is null ? null : new EntityRef(EntityKinds.IamArn, issuer),
                ip is not null && EntityText.IsAddress(ip) ? new EntityRef(EntityKinds.Ip, ip) : null,
            };
            entities.AddRange(EntityText.Find(arn).Where(e => e.Kind == EntityKinds.Instance));
            entities.AddRange(EntityText.Find(r[12] as string));
            entities.AddRange(EntityText.Find(r[13] as string));
            var service = source.Replace(".amazonaws.com", "", StringComparison.Ordinal);
            var summary = $"{service}:{name} by {who ?? "?"} from {ip ?? "?"}" + (error is null ? "" : $" — {error}");
            var id = r[1] as string ?? $"{path}:{time}:{name}";
            rows.Add(new IncidentEvent(time, TimelineSources.CloudTrail, name, summary, EntityText.Distinct(entities),
                new EvidenceRef(path, $"eventID {r[1]}"), "cloudtrail:" + id));
        }

        return (rows, problems);
    }

    /// <summary>
    /// The window as SQL: eventtime (ISO 8601 text, so compared as text at second precision; rows are checked exactly
    /// after) and, on local exports, the date partitions, so files of other days are not read.
    /// </summary>
    private static string Where(TimeWindow window, bool datePartitions)
    {
        var tests = new List<string>();
        if (window.Start is { } start)
        {
            var s = start.ToDateTimeOffset().UtcDateTime;
            tests.Add($"eventtime >= '{s.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}'");
            if (datePartitions)
            {
                tests.Add($"date_partition >= '{s.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)}'");
            }
        }

        if (window.End is { } end)
        {
            var e = end.ToDateTimeOffset().UtcDateTime.AddSeconds(1);
            tests.Add($"eventtime < '{e.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}'");
            if (datePartitions)
            {
                tests.Add($"date_partition <= '{e.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)}'");
            }
        }

        return tests.Count == 0 ? "" : "\nWHERE " + string.Join(" AND ", tests);
    }
}
