using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>Does a label selector (matchLabels and matchExpressions) select these labels? An empty selector selects all.</summary>
public static class LabelSelectors
{
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        if (selector.MatchLabels?.Any(l => !labels.TryGetValue(l.Key, out var v) || v != l.Value) == true)
        {
            return false;
        }

        return selector.MatchExpressions?.All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values?.Contains(v) == true,
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || e.Values?.Contains(v) != true,
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => false,
        }) ?? true;
    }
}
