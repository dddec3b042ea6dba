namespace EksIr.Memory;

/// <summary>
/// The process names a container's entrypoint (its OCI process args) shows up as. Usually one: the basename of
/// args[0], cut to the kernel's 15-character comm. A shell given a command string — <c>sh -c CMD</c>,
/// <c>/bin/bash -ec CMD</c> — runs CMD's programs as its children, or execs the last one in its own place (dash and
/// bash both do for a simple command), so their names are the entrypoint's own work too.
/// </summary>
public sealed record EntrypointCommand(string Comm, IReadOnlySet<string> CommandComms)
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox" };

    /// <summary>Words a shell reads before a command's name: keywords and the prefixes that still run the command after them.</summary>
    private static readonly HashSet<string> Prefixes = new(StringComparer.Ordinal)
    {
        "exec", "env", "nohup", "time", "command", "!", "{", "}", "(", ")", "if", "then", "else", "elif", "fi", "while", "until", "do", "done",
    };

    /// <summary>Every name the entrypoint's processes may carry: its own, then those of the commands in its -c string.</summary>
    public bool Runs(string comm) => comm == Comm || CommandComms.Contains(comm);

    /// <summary>The entrypoint of OCI process args, or null when there are none.</summary>
    public static EntrypointCommand? Of(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].Length == 0)
        {
            return null;
        }

        var comm = MergedProcess.CommOf(args[0]);
        var command = ShellCommand(args);
        return new EntrypointCommand(comm, command is null ? new HashSet<string>() : Commands(command));
    }

    /// <summary>
    /// The command string of <c>SHELL [-options] -c STRING</c>: options are single-dash letter clusters (-e, -ec, -xc),
    /// "-o NAME" takes a word; the string is the first word after them when one cluster holds 'c'. Busybox needs its
    /// applet first ("busybox sh -c …").
    /// </summary>
    private static string? ShellCommand(IReadOnlyList<string> args)
    {
        var shell = MergedProcess.CommOf(args[0]);
        var at = 1;
        if (shell == "busybox")
        {
            if (args.Count < 2 || !Shells.Contains(args[1]))
            {
                return null;
            }

            at = 2;
        }
        else if (!Shells.Contains(shell))
        {
            return null;
        }

        var seenC = false;
        for (; at < args.Count; at++)
        {
            var word = args[at];
            if (word is "-o" or "+o")
            {
                at++;
                continue;
            }

            if (word.Length < 2 || word[0] is not ('-' or '+') || word == "--" || !word[1..].All(char.IsAsciiLetter))
            {
                break;
            }

            seenC |= word[0] == '-' && word.Contains('c', StringComparison.Ordinal);
        }

        return seenC && at < args.Count ? args[at] : null;
    }

    /// <summary>The names of the programs a command string starts: the first word of each simple command in it.</summary>
    private static HashSet<string> Commands(string command)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in command.Split([";", "&&", "||", "|", "&", "\n", "(", ")", "`", "$("], StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).Where(w => w.Length > 0);
            var name = words.FirstOrDefault(w => !Prefixes.Contains(w) && !IsAssignment(w) && !w.StartsWith('-'));
            if (name is not null)
            {
                names.Add(MergedProcess.CommOf(name));
            }
        }

        return names;
    }

    /// <summary>"NAME=value" before a command sets its environment.</summary>
    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }
}
