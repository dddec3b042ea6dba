using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// Engine versions on the OSes EKS nodes run, on roots built in code. The os-release shape is freedesktop's
/// os-release(5) (KEY=value, values optionally quoted; /etc/os-release a link to /usr/lib/os-release).
/// </summary>
public sealed class EngineVersionsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private EngineVersions Read() => EngineVersions.Of(new EvidenceRoot(_temp.Path));

    [Fact]
    public void On_amazon_linux_2023_the_rpm_database_is_said_not_read_with_the_os_named()
    {
        _temp.Write("etc/os-release", "NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nVERSION_ID=\"2023\"\nPRETTY_NAME=\"Amazon Linux 2023.6.20241010\"\n");
        _temp.Write("var/lib/rpm/rpmdb.sqlite", "SQLite format 3\0");

        var versions = Read();

        Assert.Null(versions.Of("containerd"));
        Assert.Equal("RPM database not read (var/lib/rpm/rpmdb.sqlite); the node runs Amazon Linux 2023.6.20241010", versions.Unknown);
    }

    [Fact]
    public void On_amazon_linux_2_the_berkeley_db_packages_file_is_said_not_read()
    {
        _temp.Write("etc/os-release", "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n");
        _temp.Write("var/lib/rpm/Packages", "\0\0\0\0");

        Assert.Equal("RPM database not read (var/lib/rpm/Packages, Berkeley DB); the node runs Amazon Linux 2", Read().Unknown);
    }

    [Fact]
    public void On_bottlerocket_the_engines_are_said_to_come_with_the_os_release_read_through_the_os_release_link()
    {
        _temp.Write("usr/lib/os-release", "NAME=Bottlerocket\nID=bottlerocket\nVERSION_ID=1.19.2\nPRETTY_NAME=\"Bottlerocket OS 1.19.2 (aws-k8s-1.29)\"\nVARIANT_ID=aws-k8s-1.29\n");
        Directory.CreateDirectory(_temp.Combine("etc"));
        File.CreateSymbolicLink(_temp.Combine("etc", "os-release"), "../usr/lib/os-release");

        Assert.Equal("Bottlerocket OS 1.19.2 (aws-k8s-1.29) has no package database: its engines are those of the OS release", Read().Unknown);
    }

    [Fact]
    public void A_debian_node_names_the_version_and_package_and_a_hostile_os_name_cannot_drive_the_terminal()
    {
        _temp.Write("var/lib/dpkg/status", "Package: containerd\nStatus: install ok installed\nVersion: 1.6.20~ds1-1+b1\n\nPackage: runc\nStatus: install ok installed\nVersion: 1.1.5\n");
        _temp.Write("etc/os-release", "ID=debian\nPRETTY_NAME=\"Debian \u001b]0;owned\u0007GNU/Linux 12\"\n");

        var versions = Read();

        Assert.Equal("1.6.20~ds1-1+b1 (containerd)", versions.Of("containerd"));
        Assert.Null(versions.Of("docker"));
        Assert.Equal("not in the dpkg database (var/lib/dpkg/status); the node runs Debian \\x1b]0;owned\\x07GNU/Linux 12", versions.Unknown);
    }
}
