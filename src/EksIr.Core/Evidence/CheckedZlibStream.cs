using System.IO.Compression;

namespace EksIr.Core.Evidence;

/// <summary>
/// A zlib stream (RFC 1950: a LiME dump made with <c>compress=1</c>) undone, whose end is checked, as
/// <see cref="CheckedGzipStream"/> checks gzip's: .NET's <see cref="ZLibStream"/> ends quietly where a cut-off file
/// ends, so a dump cut in half would read as a smaller whole one. Here the input must end where the zlib stream ends
/// (its Adler-32 already checked by zlib); otherwise the read that would end the stream throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CheckedZlibStream(Stream compressed) : CheckedInflateStream(new ZLibStream(compressed, CompressionMode.Decompress), "zlib");
