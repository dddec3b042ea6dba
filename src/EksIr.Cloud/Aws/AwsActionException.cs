using EksIr.Core;

namespace EksIr.Cloud.Aws;

/// <summary>
/// An AWS call refused or impossible, in the analyst's words (which call, on what, and AWS's code and message), with
/// credentials an endpoint or proxy echoed in its answer redacted.
/// </summary>
public sealed class AwsActionException(string message, Exception? inner = null) : Exception(EksIr.Core.Reporting.Secrets.Redact(message), inner), IAnalystError;
