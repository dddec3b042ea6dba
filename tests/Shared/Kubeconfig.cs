namespace EksIr.Tests;

/// <summary>A kubeconfig as kubectl writes one: one cluster (server), one user with a bearer token, the context "incident" current.</summary>
public static class Kubeconfig
{
    public static string Write(string path, string server, string token)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server}
            contexts:
            - name: incident
              context:
                cluster: fake
                user: analyst
            current-context: incident
            users:
            - name: analyst
              user:
                token: {token}
            """);
        return path;
    }
}
