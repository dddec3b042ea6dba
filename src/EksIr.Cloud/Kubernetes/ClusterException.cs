using EksIr.Core;

namespace EksIr.Cloud.Kubernetes;

/// <summary>A cluster question that could not be answered: one clear line for the analyst, credentials an answer echoed redacted.</summary>
public sealed class ClusterException(string message) : Exception(EksIr.Core.Reporting.Secrets.Redact(message)), IAnalystError;
