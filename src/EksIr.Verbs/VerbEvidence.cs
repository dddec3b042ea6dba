namespace EksIr.Verbs;

/// <summary>What evidence a verb works on, resolved by the front end it is called from.</summary>
public enum VerbEvidence
{
    /// <summary>A node's root (the folder holding var/lib/containerd, var/lib/docker, var/log): in a notebook <c>--root</c> inside the case's evidence (default its root); on the command line the ROOT argument.</summary>
    NodeRoot,
}
