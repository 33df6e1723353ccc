// The PowerShell oracle: runs a script in a fresh runspace of the real PowerShell engine and gives back what the
// Windows PowerShell 5.1 console (`powershell.exe -NonInteractive -Command <script>`) would show: stdout, the error
// stream as the console writes it, and the exit code. wimsh's tests and `npm run oracle` compare wimsh with it.
//
//   ps-oracle --server                 one JSON request a line on stdin: {"id", "script", "files"?: {name: text},
//                                      "width"?}; one JSON response a line on stdout: {"id", "stdout", "stderr", "exit"}
//   ps-oracle -Command TEXT            runs TEXT once, writes its stdout and stderr, exits with its exit code
//   ps-oracle -File SCRIPT.ps1         the same with the text of a file (run as -Command text, so error positions
//                                      read "At line:L char:C" as wimsh's do for the same text)
//
// What makes 7.6 look like 5.1's console: $ErrorView = 'NormalView' (5.1's only view), $PSStyle.OutputRendering =
// 'PlainText' (no ANSI), a 120-column buffer (5.1's console default; the formatter sizes tables and cuts long lines
// at it), culture en-US, no prompting (a prompt fails as -NonInteractive makes it fail, so a missing mandatory
// parameter is an error), and errors merged into Out-Default as the console merges them, so an error record is
// formatted by PowerShell's own view and written to the host's error line.
//
// Each request gets a fresh runspace and its own temporary directory: the working directory, with drives C: and D:
// mapped to its drives/c and drives/d as wimsh maps them when $WIMSH_HOME points there. The generated Dism module
// (Generated/*.g.cs, written by scripts/oracle-module.js from wimsh's own cmdlet metadata) is in every runspace.
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wimsh.PsOracle;

public static class Program
{
    static readonly CultureInfo EnUs = CultureInfo.GetCultureInfo("en-US");

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = EnUs;
        CultureInfo.DefaultThreadCurrentUICulture = EnUs;
        CultureInfo.CurrentCulture = EnUs;
        CultureInfo.CurrentUICulture = EnUs;
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };

        if (args.Length == 1 && args[0] == "--server") return Serve(stdout);
        string? script = null;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i].ToLowerInvariant();
            if ((a == "-command" || a == "-c") && i + 1 < args.Length) script = args[++i];
            else if ((a == "-file" || a == "-f") && i + 1 < args.Length) script = File.ReadAllText(args[++i]);
            else if (a is "-noprofile" or "-noninteractive" or "-nologo") { }
            else if (!a.StartsWith('-') && File.Exists(args[i])) script = File.ReadAllText(args[i]);
            else { stderr.WriteLine($"ps-oracle: unknown argument '{args[i]}'"); return 2; }
        }
        if (script == null)
        {
            stderr.WriteLine("usage: ps-oracle --server | -Command TEXT | -File SCRIPT.ps1");
            return 2;
        }
        var r = Oracle.Run(script, null, 120);
        stdout.Write(r.Stdout);
        stderr.Write(r.Stderr);
        return r.Exit;
    }

    static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The server loop: a line in, a line out, until stdin closes. A malformed request gets an error reply.</summary>
    static int Serve(StreamWriter stdout)
    {
        var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        // Tells the client the engine is loaded, so its first request's timeout need not cover .NET's start.
        stdout.WriteLine(JsonSerializer.Serialize(new { ready = true, engine = typeof(PSObject).Assembly.GetName().Version?.ToString() }));
        string? line;
        while ((line = stdin.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            JsonNode? id = null;
            try
            {
                var req = JsonNode.Parse(line)!.AsObject();
                id = req["id"]?.DeepClone();
                string script = req["script"]!.GetValue<string>();
                int width = req["width"]?.GetValue<int>() ?? 120;
                Dictionary<string, string>? files = null;
                if (req["files"] is JsonObject fo)
                    files = fo.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
                var r = Oracle.Run(script, files, width);
                var resp = new JsonObject { ["id"] = id, ["stdout"] = r.Stdout, ["stderr"] = r.Stderr, ["exit"] = r.Exit };
                stdout.WriteLine(resp.ToJsonString(Json));
            }
            catch (Exception e)
            {
                var resp = new JsonObject { ["id"] = id, ["error"] = e.GetType().Name + ": " + e.Message };
                stdout.WriteLine(resp.ToJsonString(Json));
            }
        }
        return 0;
    }
}

public sealed record OracleResult(string Stdout, string Stderr, int Exit);

public static class Oracle
{
    // Run before the user's script in each runspace, as the console's defaults are set before its command runs.
    const string Prelude =
        "$ErrorView = 'NormalView'\n" +
        "$PSStyle.OutputRendering = 'PlainText'\n" +
        "$ProgressPreference = 'SilentlyContinue'\n";

    /// <summary>Runs one script in a fresh runspace with its own temporary directory.</summary>
    public static OracleResult Run(string script, IDictionary<string, string>? files, int width)
    {
        string dir = Path.Combine(Path.GetTempPath(), "ps-oracle-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, text) in files ?? new Dictionary<string, string>())
            {
                string p = Path.GetFullPath(Path.Combine(dir, name));
                if (!p.StartsWith(dir + Path.DirectorySeparatorChar)) throw new ArgumentException($"file name outside the work directory: {name}");
                Directory.CreateDirectory(Path.GetDirectoryName(p)!);
                File.WriteAllText(p, text);
            }
            return RunIn(dir, script, width);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static OracleResult RunIn(string dir, string script, int width)
    {
        var host = new OracleHost(width);
        var iss = InitialSessionState.CreateDefault2();
        iss.ThreadOptions = PSThreadOptions.UseCurrentThread;
        foreach (var entry in GeneratedCmdlets()) iss.Commands.Add(entry);
        // The console's -NonInteractive: nothing may prompt (a missing mandatory parameter becomes an error).
        using var runspace = RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();
        string saved = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir;
            Setup(runspace, dir);
            int exit;
            bool succeeded;
            // The console parses the whole text first: a parse error is reported with every position, nothing runs.
            System.Management.Automation.Language.Parser.ParseInput(script, out _, out var parseErrors);
            if (parseErrors.Length > 0)
            {
                ReportException(runspace, new ParseException(parseErrors));
                return new OracleResult(host.Out.ToString(), host.Err.ToString(), 1);
            }
            // As ConsoleHost runs -Command: the text as one script command in a pipeline ending in Out-Default, with
            // the error stream merged into it, so that error records are formatted in order with the output. It is
            // added to the history as the console adds it: only such a pipeline leaves its $? in $global:?.
            using (var pipe = runspace.CreatePipeline(script, true))
            {
                pipe.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
                pipe.Commands.Add(new Command("Out-Default", false, true));
                try
                {
                    pipe.Invoke();
                    succeeded = true;
                }
                catch (RuntimeException e) when (host.ExitCode == null)
                {
                    ReportException(runspace, e);
                    succeeded = false;
                }
                catch (RuntimeException) { succeeded = true; }
            }
            // powershell.exe -Command: `exit N` gives N; otherwise 1 when the last statement failed or a terminating
            // error ended the script ($? false), else 0.
            exit = host.ExitCode ?? (succeeded && LastSucceeded(runspace) ? 0 : 1);
            return new OracleResult(host.Out.ToString(), host.Err.ToString(), exit);
        }
        finally
        {
            Environment.CurrentDirectory = saved;
        }
    }

    static void Setup(Runspace runspace, string dir)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        string drives = Path.Combine(dir, "drives");
        var sb = new StringBuilder(Prelude);
        foreach (var letter in new[] { "C", "D" })
        {
            string root = Path.Combine(drives, letter.ToLowerInvariant());
            Directory.CreateDirectory(root);
            sb.Append($"$null = New-PSDrive -Name {letter} -PSProvider FileSystem -Root '{root.Replace("'", "''")}' -Scope Global\n");
        }
        sb.Append($"Set-Location -LiteralPath '{dir.Replace("'", "''")}'\n");
        ps.AddScript(sb.ToString());
        ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException("oracle setup failed: " + string.Join("; ", ps.Streams.Error));
    }

    static bool LastSucceeded(Runspace runspace)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("$global:?");
        var r = ps.Invoke();
        return r.Count == 1 && r[0].BaseObject is bool b && b;
    }

    /// <summary>A terminating error (a parse error, a throw) as the console reports it: its record through Out-Default.</summary>
    static void ReportException(Runspace runspace, RuntimeException e)
    {
        var record = e.ErrorRecord;
        if (record == null) return;
        var wrapped = new PSObject(record);
        MarkAsErrorStream(wrapped);
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Out-Default");
        ps.Invoke(new[] { wrapped });
    }

    // ConsoleHost marks the record with PSObject.WriteStream = Error so that Out-Default writes it as an error; the
    // property is internal, hence reflection (the note property older hosts used is no longer read).
    static readonly PropertyInfo? WriteStreamProperty = typeof(PSObject).GetProperty("WriteStream", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    static void MarkAsErrorStream(PSObject o)
    {
        if (WriteStreamProperty == null) throw new InvalidOperationException("PSObject.WriteStream not found: the engine changed");
        WriteStreamProperty.SetValue(o, Enum.Parse(WriteStreamProperty.PropertyType, "Error"));
    }

    static List<SessionStateCmdletEntry>? generated;

    /// <summary>The cmdlets of Generated/*.g.cs (every public Cmdlet in this assembly outside this namespace).</summary>
    static List<SessionStateCmdletEntry> GeneratedCmdlets()
    {
        if (generated != null) return generated;
        generated = new List<SessionStateCmdletEntry>();
        foreach (var t in typeof(Oracle).Assembly.GetTypes())
        {
            var attr = t.GetCustomAttribute<CmdletAttribute>();
            if (attr == null || !typeof(Cmdlet).IsAssignableFrom(t)) continue;
            generated.Add(new SessionStateCmdletEntry(attr.VerbName + "-" + attr.NounName, t, null));
        }
        return generated;
    }
}

/// <summary>The console, seen by the engine: text to two buffers, a fixed-size buffer, no colour, no prompts.</summary>
sealed class OracleHost : PSHost, IHostSupportsInteractiveSession
{
    readonly Guid id = Guid.NewGuid();
    readonly OracleUI ui;
    public readonly StringBuilder Out = new();
    public readonly StringBuilder Err = new();
    public int? ExitCode;

    public OracleHost(int width) { ui = new OracleUI(this, width); }

    public override string Name => "ConsoleHost";
    public override Version Version => new(5, 1);
    public override Guid InstanceId => id;
    public override PSHostUserInterface UI => ui;
    public override CultureInfo CurrentCulture => CultureInfo.GetCultureInfo("en-US");
    public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");
    public override void SetShouldExit(int exitCode) { ExitCode ??= exitCode; }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    // The console's -Command runs in its own runspace; nothing pushes another.
    public bool IsRunspacePushed => false;
    public Runspace Runspace => throw new NotSupportedException();
    public void PushRunspace(Runspace runspace) => throw new NotSupportedException();
    public void PopRunspace() => throw new NotSupportedException();
}

sealed class OracleUI : PSHostUserInterface
{
    // The message ConsoleHost gives for a prompt under -NonInteractive.
    const string NonInteractive = "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";
    readonly OracleHost host;
    readonly OracleRawUI raw;

    public OracleUI(OracleHost host, int width) { this.host = host; raw = new OracleRawUI(width); }

    public override PSHostRawUserInterface RawUI => raw;
    // As ConsoleHost does: text goes through GetOutputString, which drops the formatter's ANSI styling when
    // $PSStyle.OutputRendering is PlainText (the table headers are styled before the host sees them).
    static string Plain(string value) => GetOutputString(value, false);
    public override void Write(string value) => host.Out.Append(Plain(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => host.Out.Append(Plain(value));
    public override void WriteLine(string value) => host.Out.Append(Plain(value)).Append('\n');
    public override void WriteErrorLine(string value) => host.Err.Append(Plain(value)).Append('\n');
    public override void WriteDebugLine(string message) => host.Out.Append("DEBUG: ").Append(Plain(message)).Append('\n');
    public override void WriteVerboseLine(string message) => host.Out.Append("VERBOSE: ").Append(Plain(message)).Append('\n');
    public override void WriteWarningLine(string message) => host.Out.Append("WARNING: ").Append(Plain(message)).Append('\n');
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteInformation(InformationRecord record) { }
    public override string ReadLine() => throw new PSInvalidOperationException(NonInteractive);
    public override System.Security.SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException(NonInteractive);
    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
        => throw new PSInvalidOperationException(NonInteractive);
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        => throw new PSInvalidOperationException(NonInteractive);
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        => throw new PSInvalidOperationException(NonInteractive);
    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        => throw new PSInvalidOperationException(NonInteractive);
}

sealed class OracleRawUI : PSHostRawUserInterface
{
    readonly int width;
    public OracleRawUI(int width) { this.width = width; }
    public override ConsoleColor ForegroundColor { get => ConsoleColor.Gray; set { } }
    public override ConsoleColor BackgroundColor { get => ConsoleColor.Black; set { } }
    public override Coordinates CursorPosition { get => new(0, 0); set { } }
    public override Coordinates WindowPosition { get => new(0, 0); set { } }
    public override int CursorSize { get => 25; set { } }
    // 5.1's console: a 120-column buffer 3000 lines deep, a 120x50 window.
    public override Size BufferSize { get => new(width, 3000); set { } }
    public override Size WindowSize { get => new(width, 50); set { } }
    public override Size MaxWindowSize => new(width, 50);
    public override Size MaxPhysicalWindowSize => new(width, 50);
    public override bool KeyAvailable => false;
    public override string WindowTitle { get => "Windows PowerShell"; set { } }
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
    public override void FlushInputBuffer() { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
