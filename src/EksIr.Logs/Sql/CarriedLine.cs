namespace EksIr.Logs.Sql;

/// <summary>
/// The start of a line whose end has not come yet (a stream is fed in pieces), kept up to a bound: past it only the
/// fact that the line is too long is kept.
/// </summary>
internal sealed class CarriedLine(int maxLine)
{
    private byte[] _bytes = new byte[4096];

    public int Length { get; private set; }

    public bool TooLong { get; private set; }

    /// <summary>Whether a line is being carried (some of it, or the fact it is too long).</summary>
    public bool Any => Length > 0 || TooLong;

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (TooLong)
        {
            return;
        }

        if (Length + bytes.Length > maxLine)
        {
            TooLong = true;
            return;
        }

        if (Length + bytes.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(Length + bytes.Length, _bytes.Length * 2));
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Clear()
    {
        Length = 0;
        TooLong = false;
    }
}
