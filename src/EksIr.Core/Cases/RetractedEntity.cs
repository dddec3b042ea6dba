namespace EksIr.Core.Cases;

/// <summary>An entity the case no longer holds: what it was, why it was withdrawn, and when.</summary>
public sealed record RetractedEntity(ConfirmedEntity Entity, string Reason, DateTimeOffset Time);
