namespace EksIr.Core.Cases;

/// <summary>An entity of the incident as the case holds it: its kind and value, where the analyst confirmed it from, when and by whom.</summary>
public sealed record ConfirmedEntity(string Kind, string Value, string Source, DateTimeOffset Time, string Analyst);
