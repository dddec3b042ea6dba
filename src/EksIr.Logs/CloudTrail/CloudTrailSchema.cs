namespace EksIr.Logs.CloudTrail;

/// <summary>
/// The CloudTrail event as the engine reads it (CloudTrail's own key names and casing) and the table it exposes: the
/// columns, names and types of AWS's documented Athena CloudTrail table (lower-case names; requestparameters,
/// responseelements, additionaleventdata and serviceeventdetails as JSON text), plus region_partition, date_partition
/// ('yyyy/MM/dd'), account_partition and "timestamp" (the partition-projection table's name for the date) from the S3
/// path or, outside that layout, from the event, and "$path": the evidence file each row came from.
/// </summary>
public static class CloudTrailSchema
{
    public const string Table = "cloudtrail";

    /// <summary>(CloudTrail key, DuckDB type, Athena column, cast to text).</summary>
    public static readonly IReadOnlyList<(string Key, string Type, string Column, bool AsText)> Fields =
    [
        ("eventVersion", "VARCHAR", "eventversion", false),
        ("userIdentity", "STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, invokedBy VARCHAR, accessKeyId VARCHAR, userName VARCHAR, " +
                         "identityProvider VARCHAR, onBehalfOf STRUCT(userId VARCHAR, identityStoreArn VARCHAR), " +
                         "sessionContext STRUCT(attributes STRUCT(mfaAuthenticated VARCHAR, creationDate VARCHAR), " +
                         "sessionIssuer STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR), " +
                         "ec2RoleDelivery VARCHAR, sourceIdentity VARCHAR, webIdFederationData STRUCT(federatedProvider VARCHAR, attributes MAP(VARCHAR, VARCHAR))))",
            "useridentity", false),
        ("eventTime", "VARCHAR", "eventtime", false),
        ("eventSource", "VARCHAR", "eventsource", false),
        ("eventName", "VARCHAR", "eventname", false),
        ("awsRegion", "VARCHAR", "awsregion", false),
        ("sourceIPAddress", "VARCHAR", "sourceipaddress", false),
        ("userAgent", "VARCHAR", "useragent", false),
        ("errorCode", "VARCHAR", "errorcode", false),
        ("errorMessage", "VARCHAR", "errormessage", false),
        ("requestParameters", "JSON", "requestparameters", true),
        ("responseElements", "JSON", "responseelements", true),
        ("additionalEventData", "JSON", "additionaleventdata", true),
        ("requestID", "VARCHAR", "requestid", false),
        ("eventID", "VARCHAR", "eventid", false),
        ("readOnly", "VARCHAR", "readonly", false),
        ("resources", "STRUCT(ARN VARCHAR, accountId VARCHAR, type VARCHAR)[]", "resources", false),
        ("eventType", "VARCHAR", "eventtype", false),
        ("apiVersion", "VARCHAR", "apiversion", false),
        ("recipientAccountId", "VARCHAR", "recipientaccountid", false),
        ("serviceEventDetails", "JSON", "serviceeventdetails", true),
        ("sharedEventID", "VARCHAR", "sharedeventid", false),
        ("vpcEndpointId", "VARCHAR", "vpcendpointid", false),
        ("vpcEndpointAccountId", "VARCHAR", "vpcendpointaccountid", false),
        ("eventCategory", "VARCHAR", "eventcategory", false),
        ("addendum", "STRUCT(reason VARCHAR, updatedFields VARCHAR, originalRequestID VARCHAR, originalEventID VARCHAR)", "addendum", false),
        ("sessionCredentialFromConsole", "VARCHAR", "sessioncredentialfromconsole", false),
        ("edgeDeviceDetails", "JSON", "edgedevicedetails", true),
        ("tlsDetails", "STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)", "tlsdetails", false),
    ];

    /// <summary>The keys the partition columns fall back on outside the S3 layout: always read.</summary>
    private static readonly HashSet<string> AlwaysRead = ["eventTime", "awsRegion", "recipientAccountId"];

    /// <summary>
    /// The keys a query needs: those whose column it names (a word match, so a column named only inside a string
    /// is read needlessly, never missed), or all of them when it selects *. Reading only those is what keeps the
    /// engine near DuckDB's raw speed; the others are NULL of their type in the table.
    /// </summary>
    public static IReadOnlySet<string> Used(string sql)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(sql, @"(?<![(\w\s])\s*\*(?!\s*\))|\bSELECT\s+\*|\.\*", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            return Fields.Select(f => f.Key).ToHashSet();
        }

        return Fields.Where(f => AlwaysRead.Contains(f.Key) || System.Text.RegularExpressions.Regex.IsMatch(sql, $@"\b{f.Column}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Select(f => f.Key).ToHashSet();
    }

    /// <summary>DuckDB's read_json columns= argument for one event per row.</summary>
    public static string ColumnsArgument(IReadOnlySet<string> read) =>
        "{" + string.Join(", ", Fields.Where(f => read.Contains(f.Key)).Select(f => $"\"{f.Key}\": '{f.Type}'")) + "}";

    /// <summary>
    /// The SELECT of a Logstash cloudtrail-codec file's rows as CloudTrail events: eventTime back from @timestamp, where
    /// the codec moved it. Logstash prints the time with milliseconds; CloudTrail's eventTime is to the second, so a
    /// ".000" fraction is dropped (any other fraction is kept as written).
    /// </summary>
    public static string LogstashSelect(string readJson) =>
        "SELECT * EXCLUDE (\"@timestamp\") REPLACE (coalesce(\"eventTime\", regexp_replace(\"@timestamp\", '\\.000Z$', 'Z')) AS \"eventTime\") FROM " + readJson;

    /// <summary>DuckDB's read_json columns= argument for a Logstash cloudtrail-codec file: the event's keys and @timestamp.</summary>
    public static string LogstashColumnsArgument(IReadOnlySet<string> read) =>
        ColumnsArgument(new HashSet<string>(read) { "eventTime" })[..^1] + ", \"@timestamp\": 'VARCHAR'}";

    /// <summary>DuckDB's read_json columns= argument for a {"Records": [...]} file.</summary>
    public static string RecordsArgument(IReadOnlySet<string> read) =>
        "{\"Records\": 'STRUCT(" + string.Join(", ", Fields.Where(f => read.Contains(f.Key)).Select(f => $"\"{f.Key}\" {f.Type.Replace("'", "''", StringComparison.Ordinal)}")) + ")[]'}";

    /// <summary>The read columns for an empty table (a query over no files still has the table's shape).</summary>
    public static string TableColumns(IReadOnlySet<string> read) =>
        string.Join(", ", Fields.Where(f => read.Contains(f.Key)).Select(f => $"\"{f.Key}\" {f.Type}")) + ", filename VARCHAR";

    /// <summary>The SELECT list from the read columns (CloudTrail casing) to the Athena table; the partitions from the
    /// evidence path of the row's file (its S3 key), or from the event outside the S3 layout.</summary>
    public static string Projection(string evidencePathColumn, IReadOnlySet<string> read) =>
        string.Join(",\n  ", Fields.Select(f => !read.Contains(f.Key) ? $"CAST(NULL AS {(f.AsText ? "VARCHAR" : f.Type)}) AS {f.Column}"
            : f.AsText ? $"CAST(\"{f.Key}\" AS VARCHAR) AS {f.Column}" : $"\"{f.Key}\" AS {f.Column}"))
        + $",\n  coalesce(nullif(regexp_extract({evidencePathColumn}, 'CloudTrail/([a-z0-9-]+)/\\d{{4}}/\\d{{2}}/\\d{{2}}/', 1), ''), \"awsRegion\") AS region_partition"
        + $",\n  coalesce(nullif(regexp_extract({evidencePathColumn}, 'CloudTrail/[a-z0-9-]+/(\\d{{4}}/\\d{{2}}/\\d{{2}})/', 1), ''), replace(substr(\"eventTime\", 1, 10), '-', '/')) AS date_partition"
        + $",\n  coalesce(nullif(regexp_extract({evidencePathColumn}, 'AWSLogs/(?:o-[a-z0-9]+/)?(\\d{{12}})/CloudTrail/', 1), ''), \"recipientAccountId\") AS account_partition"
        + $",\n  coalesce(nullif(regexp_extract({evidencePathColumn}, 'CloudTrail/[a-z0-9-]+/(\\d{{4}}/\\d{{2}}/\\d{{2}})/', 1), ''), replace(substr(\"eventTime\", 1, 10), '-', '/')) AS \"timestamp\""
        + $",\n  {evidencePathColumn} AS \"$path\"";
}
