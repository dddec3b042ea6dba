namespace EksIr.Cli.Tests.Acquisition;

/// <summary>
/// A stand-in for the AWS CLI's S3 upload, first on PATH: <c>aws s3 cp [options] - s3://bucket/key</c> writes its
/// standard input to <c>BUCKETS/bucket/key</c>, where S3 would keep the object; any other call exits 9. It stands in
/// for S3 only: the collection script, tar, gzip, tee, sha256sum and the node are real.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FakeS3
{
    public FakeS3(TempDir temp)
    {
        Bin = Directory.CreateDirectory(temp.Combine("bin")).FullName;
        Buckets = Directory.CreateDirectory(temp.Combine("s3")).FullName;
        var aws = Path.Combine(Bin, "aws");
        File.WriteAllText(aws,
            "#!/bin/sh\n" +
            "[ \"$1 $2\" = 's3 cp' ] || exit 9\n" +
            "shift 2\n" +
            "while [ \"$#\" -gt 2 ]; do shift; done\n" +
            "[ \"$1\" = - ] || exit 9\n" +
            $"d='{Buckets}'/\"${{2#s3://}}\"\n" +
            "mkdir -p \"$(dirname \"$d\")\" && cat > \"$d\"\n");
        File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Bin { get; }

    public string Buckets { get; }

    /// <summary>Where the object of an s3:// URI was written.</summary>
    public string Object(string uri) => Path.Combine(Buckets, uri["s3://".Length..]);

    /// <summary>Runs a script with POSIX sh (dash here), this stand-in first on PATH.</summary>
    public async Task<ProcessResult> RunAsync(string script, string workingDirectory)
    {
        var file = Path.Combine(workingDirectory, "collect.sh");
        await File.WriteAllTextAsync(file, script);
        return await ProcessRun.RunAsync("sh", [file], workingDirectory, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH") });
    }
}
