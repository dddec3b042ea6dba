using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EksIr.StdioDriver;

/// <summary>
/// The <c>dotnet-interactive stdio</c> process as VS Code Polyglot Notebooks starts and speaks to it: started with
/// <c>[vscode] stdio --working-dir NOTEBOOK_FOLDER</c> from a folder of its own, one JSON envelope a line each way,
/// ready when it sends KernelReady (answered with the client's own KernelReady), a command done when an event
/// CommandSucceeded or CommandFailed carries the command's token.
/// </summary>
public sealed class StdioKernel : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;
    private readonly Channel<JsonObject> _envelopes = Channel.CreateUnbounded<JsonObject>();
    private readonly TextWriter _log;
    private readonly Task _reading;
    private List<JsonObject> _kernels = [];

    private StdioKernel(Process process, string home, TextWriter log)
    {
        (_process, _home, _log) = (process, home, log);
        _reading = Task.Run(ReadAsync);
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                await _log.WriteLineAsync("kernel stderr: " + line);
            }
        });
    }

    public static async Task<StdioKernel> StartAsync(string tool, string notebookFolder, TimeSpan readyTimeout, TextWriter log)
    {
        // VS Code starts the tool from its global storage folder and names the notebook's folder with --working-dir.
        var home = Directory.CreateTempSubdirectory("eksir-stdio-").FullName;
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = home,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in new[] { "[vscode]", "stdio", "--working-dir", notebookFolder })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_CULTURE"] = "en";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var kernel = new StdioKernel(process, home, log);
        using var timeout = new CancellationTokenSource(readyTimeout);
        try
        {
            while (true)
            {
                var envelope = await kernel._envelopes.Reader.ReadAsync(timeout.Token);
                if ((string?)envelope["eventType"] == "KernelReady")
                {
                    kernel._kernels = envelope["event"]?["kernelInfos"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            await kernel.DisposeAsync();
            throw new TimeoutException($"{tool} sent no KernelReady within {readyTimeout}");
        }
        catch (ChannelClosedException)
        {
            await kernel.DisposeAsync();
            throw new InvalidOperationException($"{tool} ended before it was ready (exit {process.ExitCode})");
        }

        await kernel.SendAsync(Envelopes.ClientReady());
        return kernel;
    }

    /// <summary>
    /// The name of the kernel a cell's kernel name or alias means (<c>C#</c>: <c>csharp</c>), from the kernels the tool
    /// said it has when ready, as VS Code sends a cell to its kernel by name; a name it does not know is sent as it is.
    /// </summary>
    public string KernelNameFor(string name) =>
        _kernels.FirstOrDefault(k => string.Equals((string?)k["localName"], name, StringComparison.OrdinalIgnoreCase))?["localName"]?.GetValue<string>()
        ?? _kernels.FirstOrDefault(k => k["aliases"] is JsonArray aliases && aliases.Any(a => string.Equals((string?)a, name, StringComparison.OrdinalIgnoreCase)))?["localName"]?.GetValue<string>()
        ?? name;

    /// <summary>Submits one cell's code to its kernel and waits for the command's completion by its token.</summary>
    public async Task<CellResult> SubmitCodeAsync(string code, string kernelName, int cellIndex, TimeSpan timeout)
    {
        var token = Envelopes.NewToken();
        var clock = Stopwatch.StartNew();
        var errors = new List<string>();
        try
        {
            await SendAsync(Envelopes.SubmitCode(token, code, kernelName, cellIndex));
        }
        catch (IOException e)
        {
            errors.Add($"the kernel process no longer reads its input ({e.Message})");
            return new CellResult(false, errors, "", clock.Elapsed);
        }

        var text = new StringBuilder();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var envelope = await _envelopes.Reader.ReadAsync(cancel.Token);
                if (envelope["commandType"] is not null && envelope["eventType"] is null)
                {
                    // The kernel asks the client for something (input, a JavaScript kernel): a notebook that needs
                    // an answer from the analyst cannot run unattended.
                    errors.Add($"the kernel sent the client a {(string?)envelope["commandType"]} command, which this driver does not answer");
                    continue;
                }

                var eventType = (string?)envelope["eventType"];
                var eventToken = (string?)envelope["command"]?["token"];
                if (eventToken is null || (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal)))
                {
                    continue;
                }

                var body = envelope["event"];
                switch (eventType)
                {
                    case "ErrorProduced":
                        errors.Add((string?)body?["message"] ?? "an error output");
                        break;
                    case "DisplayedValueProduced" or "ReturnValueProduced" or "StandardOutputValueProduced" or "StandardErrorValueProduced":
                        text.AppendLine(Envelopes.PlainText(body));
                        break;
                    case "CommandFailed" when eventToken == token:
                        errors.Insert(0, (string?)body?["message"] ?? "the command failed");
                        return new CellResult(false, errors, text.ToString(), clock.Elapsed);
                    case "CommandSucceeded" when eventToken == token:
                        return new CellResult(errors.Count == 0, errors, text.ToString(), clock.Elapsed);
                }
            }
        }
        catch (OperationCanceledException)
        {
            errors.Insert(0, $"no CommandSucceeded or CommandFailed for the cell within {timeout}");
            return new CellResult(false, errors, text.ToString(), clock.Elapsed);
        }
        catch (ChannelClosedException)
        {
            errors.Insert(0, $"the kernel process ended while the cell ran (exit {(_process.HasExited ? _process.ExitCode : -1)})");
            return new CellResult(false, errors, text.ToString(), clock.Elapsed);
        }
    }

    private async Task SendAsync(JsonObject envelope)
    {
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (Envelopes.Parse(line) is { } envelope)
                {
                    await _envelopes.Writer.WriteAsync(envelope);
                }
                else if (line.Length > 0)
                {
                    await _log.WriteLineAsync("kernel stdout (not an envelope): " + line);
                }
            }
        }
        finally
        {
            _envelopes.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync(Envelopes.Quit());
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // a scratch folder in the temporary folder; what the tool left open there is not the notebook's outcome
        }
    }
}
