using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// CloudTrail SQL over real CloudTrail records made by others: Stratus Red Team's published detonation logs
/// (DataDog/stratus-red-team, Apache-2.0; see tests/RealWorld/PROVENANCE.md), a JSON array of events each, kept as
/// published. Every expected value is a literal from jq's output on the sample file (the command and its output are
/// in the comment above each assertion), run in tests/RealWorld/cloudtrail, never read back from this engine.
/// </summary>
public sealed class RealWorldCloudTrailTests : IDisposable
{
    private const string PasswordData = "cloudtrail/stratus-aws.credential-access.ec2-get-password-data.json";
    private const string StealCredentials = "cloudtrail/stratus-aws.credential-access.ec2-steal-instance-credentials.json";

    private readonly CloudTrailLocal _trail = new(new EvidenceRoot(Repo.Path("tests", "RealWorld")), "cloudtrail");

    public void Dispose() => _trail.Dispose();

    private static List<string> Lines(QueryResult result) =>
        result.Rows.Select(r => string.Join(" | ", r.Select(c => c switch { null => "null", _ => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) }))).ToList();

    [Fact]
    public void Both_published_arrays_are_read_whole_with_every_event_kept_and_nothing_skipped()
    {
        var result = _trail.Query("SELECT \"$path\", count(*) AS n, min(eventtime), max(eventtime) FROM cloudtrail GROUP BY 1 ORDER BY 1");

        // jq 'length, ([.[]|.eventTime]|min), ([.[]|.eventTime]|max)' on each file:
        //   ec2-get-password-data.json:         34 "2024-07-30T21:31:10Z" "2024-07-30T21:31:21Z"
        //   ec2-steal-instance-credentials.json: 45 "2024-08-02T08:22:39Z" "2024-08-02T08:23:56Z"
        Assert.Equal(
            [
                $"{PasswordData} | 34 | 2024-07-30T21:31:10Z | 2024-07-30T21:31:21Z",
                $"{StealCredentials} | 45 | 2024-08-02T08:22:39Z | 2024-08-02T08:23:56Z",
            ],
            Lines(result));
        Assert.Equal((2, 2), (result.Scan.FilesRead, result.Scan.FilesPresent));
        Assert.Empty(result.Scan.Skipped);
        Assert.All(_trail.Files, f => Assert.Equal(CloudTrailLayout.Array, f.Layout));
    }

    [Fact]
    public void The_calls_are_counted_by_service_name_and_error_code_as_jq_counts_them()
    {
        var result = _trail.Query(
            "SELECT eventsource, eventname, errorcode, count(*) FROM cloudtrail GROUP BY ALL ORDER BY eventsource, eventname, errorcode NULLS FIRST");

        // jq -c '[.[]|{eventSource,eventName,errorCode}]|group_by(.)|map([.[0].eventSource,.[0].eventName,.[0].errorCode,length])'
        //   ec2-get-password-data.json: [["sts.amazonaws.com","AssumeRole",null,2],["sts.amazonaws.com","AssumeRole","AccessDenied",2],
        //                                ["ec2.amazonaws.com","GetPasswordData","Client.UnauthorizedOperation",30]]
        //   ec2-steal-instance-credentials.json: [["ssm.amazonaws.com","DescribeInstanceInformation",null,38],["ec2.amazonaws.com","DescribeInstances",null,1],
        //                                ["sts.amazonaws.com","GetCallerIdentity",null,1],["ssm.amazonaws.com","GetCommandInvocation",null,4],
        //                                ["ssm.amazonaws.com","SendCommand",null,1]]
        Assert.Equal(
            [
                "ec2.amazonaws.com | DescribeInstances | null | 1",
                "ec2.amazonaws.com | GetPasswordData | Client.UnauthorizedOperation | 30",
                "ssm.amazonaws.com | DescribeInstanceInformation | null | 38",
                "ssm.amazonaws.com | GetCommandInvocation | null | 4",
                "ssm.amazonaws.com | SendCommand | null | 1",
                "sts.amazonaws.com | AssumeRole | null | 2",
                "sts.amazonaws.com | AssumeRole | AccessDenied | 2",
                "sts.amazonaws.com | GetCallerIdentity | null | 1",
            ],
            Lines(result));
    }

    [Fact]
    public void Each_identity_comes_back_with_its_arn_access_key_and_source_ip()
    {
        var result = _trail.Query(
            "SELECT useridentity.type, useridentity.arn, useridentity.accesskeyid, sourceipaddress, count(*) FROM cloudtrail GROUP BY ALL ORDER BY 2");

        // jq -c '[.[]|[.userIdentity.type,.userIdentity.arn,.userIdentity.accessKeyId,.sourceIPAddress]]|group_by(.)|map(.[0]+[length])'
        //   ec2-get-password-data.json: [["AssumedRole","arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1722375070115152000",
        //                                 "ASIANQQHHS551LWULIWD","200.249.253.51",30],
        //                                ["IAMUser","arn:aws:iam::457448411975:user/christophe","AKIAWOGXN38MFN92ING5","200.249.253.51",4]]
        //   ec2-steal-instance-credentials.json: [["AssumedRole","arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4",
        //                                 "ASIAP5CT9NN8EYVU1FXV","18.236.253.47",2],
        //                                ["IAMUser","arn:aws:iam::017622104382:user/christophe","AKIAAM80VXLJF8NPK4VC","18.236.253.47",43]]
        Assert.Equal(
            [
                "IAMUser | arn:aws:iam::017622104382:user/christophe | AKIAAM80VXLJF8NPK4VC | 18.236.253.47 | 43",
                "IAMUser | arn:aws:iam::457448411975:user/christophe | AKIAWOGXN38MFN92ING5 | 200.249.253.51 | 4",
                "AssumedRole | arn:aws:sts::017622104382:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-786a3A8B5C0d92eF4 | ASIAP5CT9NN8EYVU1FXV | 18.236.253.47 | 2",
                "AssumedRole | arn:aws:sts::457448411975:assumed-role/stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1722375070115152000 | ASIANQQHHS551LWULIWD | 200.249.253.51 | 30",
            ],
            Lines(result));
    }

    [Fact]
    public void The_role_assumptions_show_which_issued_the_key_the_denied_calls_then_used()
    {
        var result = _trail.Query(
            "SELECT eventtime, useridentity.username, errorcode, json_extract_scalar(requestparameters, '$.roleArn'), " +
            "json_extract_scalar(responseelements, '$.credentials.accessKeyId') FROM cloudtrail WHERE eventname = 'AssumeRole' ORDER BY 1, 5");

        // jq -c '[.[]|select(.eventName=="AssumeRole")|[.eventTime,.userIdentity.userName,.errorCode,.requestParameters.roleArn,
        //        .responseElements.credentials.accessKeyId]]|sort' ec2-get-password-data.json
        //   [["2024-07-30T21:31:10Z","christophe","AccessDenied",null,null],["2024-07-30T21:31:12Z","christophe","AccessDenied",null,null],
        //    ["2024-07-30T21:31:15Z","christophe",null,"arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role","ASIA7RQR64ZW9JXKWPUO"],
        //    ["2024-07-30T21:31:15Z","christophe",null,"arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role","ASIANQQHHS551LWULIWD"]]
        Assert.Equal(
            [
                "2024-07-30T21:31:10Z | christophe | AccessDenied | null | null",
                "2024-07-30T21:31:12Z | christophe | AccessDenied | null | null",
                "2024-07-30T21:31:15Z | christophe | null | arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role | ASIA7RQR64ZW9JXKWPUO",
                "2024-07-30T21:31:15Z | christophe | null | arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role | ASIANQQHHS551LWULIWD",
            ],
            Lines(result));
    }

    [Fact]
    public void Instance_credentials_used_from_outside_show_their_role_delivery_and_the_command_that_stole_them()
    {
        var result = _trail.Query(
            "SELECT eventtime, eventname, readonly, useridentity.sessioncontext.ec2roledelivery, useridentity.sessioncontext.sessionissuer.arn, " +
            "json_extract_scalar(requestparameters, '$.documentName'), json_extract_scalar(requestparameters, '$.instanceIds[0]'), " +
            "json_extract_scalar(responseelements, '$.command.commandId') " +
            "FROM cloudtrail WHERE eventname IN ('SendCommand', 'GetCallerIdentity', 'DescribeInstances') ORDER BY 1");

        // jq -c '.[]|select(.eventName=="SendCommand" or .eventName=="GetCallerIdentity" or .eventName=="DescribeInstances")|[.eventTime,.eventName,.readOnly,
        //        .userIdentity.sessionContext.ec2RoleDelivery,.userIdentity.sessionContext.sessionIssuer.arn,.requestParameters.documentName,
        //        .requestParameters.instanceIds[0],.responseElements.command.commandId]' ec2-steal-instance-credentials.json
        //   ["2024-08-02T08:23:24Z","SendCommand",false,null,null,"AWS-RunShellScript","i-786a3A8B5C0d92eF4","f6887251-cdde-4251-a026-f50a25f521f7"]
        //   ["2024-08-02T08:23:55Z","GetCallerIdentity",true,"1.0","arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role",null,null,null]
        //   ["2024-08-02T08:23:56Z","DescribeInstances",true,"1.0","arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role",null,null,null]
        // (readOnly is a JSON boolean in the events; the Athena table's readonly column is text, so "false"/"true".)
        Assert.Equal(
            [
                "2024-08-02T08:23:24Z | SendCommand | false | null | null | AWS-RunShellScript | i-786a3A8B5C0d92eF4 | f6887251-cdde-4251-a026-f50a25f521f7",
                "2024-08-02T08:23:55Z | GetCallerIdentity | true | 1.0 | arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role | null | null | null",
                "2024-08-02T08:23:56Z | DescribeInstances | true | 1.0 | arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role | null | null | null",
            ],
            Lines(result));
    }

    [Fact]
    public void Outside_the_S3_layout_the_partitions_come_from_each_event_so_a_date_keeps_only_that_days_events()
    {
        var result = _trail.Query(
            "SELECT region_partition, account_partition, date_partition, count(*) FROM cloudtrail WHERE date_partition = '2024/08/02' GROUP BY ALL");

        // jq -c '[.[]|[.awsRegion,.recipientAccountId,(.eventTime[0:10])]]|unique' ec2-steal-instance-credentials.json
        //   [["us-north-2r","017622104382","2024-08-02"]]   (and jq length: 45)
        Assert.Equal(["us-north-2r | 017622104382 | 2024/08/02 | 45"], Lines(result));
    }

    [Fact]
    public void An_admin_user_made_by_a_stolen_key_shows_the_user_the_policy_and_the_new_key()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Repo.Path("tests", "RealWorld")), "cloudtrail-iam");

        var result = trail.Query(
            "SELECT eventname, useridentity.arn, useridentity.accesskeyid, sourceipaddress, json_extract_scalar(requestparameters, '$.userName'), " +
            "json_extract_scalar(requestparameters, '$.policyArn'), json_extract_scalar(responseelements, '$.accessKey.accessKeyId'), " +
            "json_extract_scalar(responseelements, '$.user.arn') FROM cloudtrail ORDER BY eventname");

        // jq -c '[.[]|[.eventName,.userIdentity.arn,.userIdentity.accessKeyId,.sourceIPAddress,.requestParameters.userName,.requestParameters.policyArn,
        //        .responseElements.accessKey.accessKeyId,.responseElements.user.arn]]|sort_by(.[0])' stratus-aws.persistence.iam-create-admin-user.json
        //   [["AttachUserPolicy","arn:aws:iam::229654561268:user/christophe","AKIAOZUDECYXYM4ONAN4","075.050.255.67","malicious-iam-user",
        //     "arn:aws:iam::aws:policy/AdministratorAccess",null,null],
        //    ["CreateAccessKey","arn:aws:iam::229654561268:user/christophe","AKIAOZUDECYXYM4ONAN4","075.050.255.67","malicious-iam-user",null,"AKIAXAFZN8JEPF6L682H",null],
        //    ["CreateUser","arn:aws:iam::229654561268:user/christophe","AKIAOZUDECYXYM4ONAN4","075.050.255.67","malicious-iam-user",null,null,
        //     "arn:aws:iam::229654561268:user/malicious-iam-user"]]
        // (the source address's leading zeros are the publisher's anonymisation; it is kept as written)
        Assert.Equal(
            [
                "AttachUserPolicy | arn:aws:iam::229654561268:user/christophe | AKIAOZUDECYXYM4ONAN4 | 075.050.255.67 | malicious-iam-user | arn:aws:iam::aws:policy/AdministratorAccess | null | null",
                "CreateAccessKey | arn:aws:iam::229654561268:user/christophe | AKIAOZUDECYXYM4ONAN4 | 075.050.255.67 | malicious-iam-user | null | AKIAXAFZN8JEPF6L682H | null",
                "CreateUser | arn:aws:iam::229654561268:user/christophe | AKIAOZUDECYXYM4ONAN4 | 075.050.255.67 | malicious-iam-user | null | null | arn:aws:iam::229654561268:user/malicious-iam-user",
            ],
            Lines(result));
        Assert.Empty(result.Scan.Skipped);
    }
}
