using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Memory.Volatility;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// A container's entrypoint given as a shell command string. POSIX sh (XCU "sh", option -c): the shell reads its
/// commands from the command_string operand, the first one after the options; a simple command's name is its first
/// word after variable assignments, and exec replaces the shell with it. So <c>sh -c CMD</c> runs CMD's programs as its
/// children, or (dash and bash for a single simple command) in its own place.
/// </summary>
public sealed class EntrypointTests
{
    private const string SandboxId = "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";

    [Theory]
    [InlineData(new[] { "/bin/sh", "-c", "sleep 86400" }, "sh", "sleep")]
    [InlineData(new[] { "bash", "-ec", "A=1 B=two exec /usr/bin/python3 -u /app/server.py" }, "bash", "python3")]
    [InlineData(new[] { "/bin/sh", "-o", "pipefail", "-c", "curl -s http://x | tar xz; ./run-the-service-now" }, "sh", "curl,tar,run-the-service")]
    [InlineData(new[] { "/bin/busybox", "sh", "-c", "while true; do nginx -g 'daemon off;'; sleep 5; done" }, "busybox", "true,nginx,sleep")]
    [InlineData(new[] { "python3", "-c", "import os; os.system('id')" }, "python3", "")]
    [InlineData(new[] { "/bin/sh", "/start.sh" }, "sh", "")]
    public void A_shell_entrypoints_command_string_names_the_programs_it_starts(string[] args, string comm, string commands)
    {
        var entry = EntrypointCommand.Of(args)!;

        Assert.Equal(comm, entry.Comm);
        Assert.Equal(commands.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), entry.CommandComms.Order());
    }

    [Fact]
    public void With_the_nodes_disk_the_sleep_the_entrypoints_sh_c_started_is_not_flagged_but_the_exec_shells_subtree_is()
    {
        var incident = new EvidenceRoot(Repo.Path("sample-data", "incident-1"));

        var tree = ProcessTree.Of(incident, "memory/volatility", incident.Subroot("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz"));
        ProcessEntry P(int pid) => tree.Processes.Single(p => p.Pid == pid);

        Assert.Equal(("sleep", 4790), (P(4801).Comm, P(4801).Ppid)); // the entrypoint is ["/bin/sh", "-c", "sleep 86400"]
        Assert.Empty(P(4801).Flags);
        Assert.Contains("not the container's entrypoint (sh)", P(5190).Flags); // sleep 60 under the exec'd shell's /tmp/.x/miner.sh
        Assert.Contains("shell or interpreter started in the container (exec?)", P(5120).Flags);
    }

    [Fact]
    public void A_command_the_entrypoint_shell_started_is_its_work_and_a_shell_it_did_not_start_is_still_flagged()
    {
        var listing = "PID\tPPID\tCOMM\tARGS\n" +
                      "1\t0\tsystemd\t/sbin/init\n" +
                      $"100\t1\tcontainerd-shim\t/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id {SandboxId} -address /run/containerd/containerd.sock\n" +
                      "110\t100\tpause\t/pause\n" +
                      "120\t100\tbash\tbash -ec cd /app && gunicorn app:main\n" + // web: the shell stays, gunicorn is its child
                      "121\t120\tgunicorn\tgunicorn app:main\n" +
                      "122\t120\tsh\tsh\n" + // a shell the entrypoint's command does not name
                      "130\t100\tpython3\t/usr/bin/python3 -u /app/worker.py\n" + // worker: sh -c 'exec python3 …' exec'd in its place
                      "140\t100\tsh\tsh\n"; // kubectl exec into a container: a shell the entrypoint did not start
        var containers = new ContainerListing([Record(SandboxId, "sandbox", "POD", ["/pause"]),
            Record(new string('a', 64), "container", "web", ["/bin/bash", "-ec", "cd /app && gunicorn app:main"]),
            Record(new string('b', 64), "container", "worker", ["/bin/sh", "-c", "exec python3 -u /app/worker.py"])], []);

        var tree = ProcessTree.Build([ProcessListingReader.Parse(listing, "psaux.txt")], containers);
        ProcessEntry P(int pid) => tree.Processes.Single(p => p.Pid == pid);

        Assert.Equal(("web", "web", "worker"), (P(120).Container!.Name, P(121).Container!.Name, P(130).Container!.Name));
        Assert.Empty(P(120).Flags);
        Assert.Empty(P(121).Flags);
        Assert.Empty(P(130).Flags);
        Assert.Equal(["shell or interpreter in the container", "not the container's entrypoint (bash)"], P(122).Flags);
        Assert.Contains("shell or interpreter started in the container (exec?)", P(140).Flags);
    }

    private static ContainerRecord Record(string id, string kind, string name, string[] command) =>
        new(id, name, "containerd", "k8s.io", "registry.example/app:1", null, "unknown", null, null, kind, new PodRef("web-0", "shop", "uid-1"),
            name, new Dictionary<string, string>(), null, null, null, ContainerSecurity.Unknown with { Command = command });
}
