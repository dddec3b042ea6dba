using System.Net;
using System.Net.Sockets;
using DuckDB.NET.Data;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// The SQL functions Logs Insights queries compile to beyond DuckDB's own, added to each session: the natural-order
/// sort key of AWS's sort command, and IP address checks done by .NET's own address parser (IPv4 and IPv6 alike).
/// </summary>
internal static class InsightsFunctions
{
    public const string NaturalKey = "__natural";
    public const string IpValid = "__ip_valid";
    public const string IpInSubnet = "__ip_in_subnet";

    /// <summary>
    /// AWS's sort order: "all non-number values come before all number values"; numbers by value (equal ones by their
    /// text: "01" before "1"); other values cut into runs of digits and of other characters, "non-numeric portions by
    /// their Unicode values, … numeric portions by their length first and then by their numerical value". A digit run's
    /// key starts with '0' so it falls where a digit falls among other characters, then its length, then the digits.
    /// </summary>
    private const string NaturalKeyMacro =
        "CREATE OR REPLACE TEMP MACRO " + NaturalKey + "(v) AS CASE WHEN v IS NULL THEN NULL ELSE {" +
        "'is_number': regexp_full_match(v, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?'), " +
        "'number': coalesce(CASE WHEN regexp_full_match(v, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(v AS DOUBLE) END, 0), " +
        "'runs': CASE WHEN regexp_full_match(v, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN [] ELSE " +
        "list_transform(regexp_extract_all(v, '[0-9]+|[^0-9]+'), lambda r: CASE WHEN regexp_full_match(r, '[0-9]+') " +
        "THEN '0' || lpad(CAST(length(r) AS VARCHAR), 9, '0') || r ELSE r END) END, " +
        "'text': v} END";

    public static void AddTo(DuckDbSession session)
    {
        session.Execute(NaturalKeyMacro);
        session.Connection.RegisterScalarFunction<string, int, bool>(IpValid, (inputs, output, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                output.WriteValue(Address(inputs[0].GetValue<string>(row), inputs[1].GetValue<int>(row)) is not null, row);
            }
        });
        session.Connection.RegisterScalarFunction<string, string, int, bool>(IpInSubnet, (inputs, output, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                output.WriteValue(InSubnet(inputs[0].GetValue<string>(row), inputs[1].GetValue<string>(row), inputs[2].GetValue<int>(row)), row);
            }
        });
    }

    /// <summary>An IPv4 address in four decimal octets (no shorthand like "10.1"), or an IPv6 address; of the version asked (0: either).</summary>
    private static IPAddress? Address(string text, int version)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        if (v4 && (text.Split('.') is not { Length: 4 } octets || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit))))
        {
            return null;
        }

        if (!v4 && (address.AddressFamily != AddressFamily.InterNetworkV6 || text.Contains('%')))
        {
            return null;
        }

        return version == 0 || version == (v4 ? 4 : 6) ? address : null;
    }

    private static bool InSubnet(string ip, string subnet, int version)
    {
        if (Address(ip, version) is not { } address || subnet.Split('/') is not [var network, var bits]
            || Address(network, 0) is not { } net || net.AddressFamily != address.AddressFamily
            || !int.TryParse(bits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = net.GetAddressBytes();
        if (prefix > a.Length * 8)
        {
            return false;
        }

        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
