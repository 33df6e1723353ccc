// The body every generated cmdlet (Generated/Modules.g.cs) shares: it does no work, it reports how PowerShell's
// binder bound the command line and each pipeline object, so that a test can compare that with wimsh's binder.
using System.Management.Automation;

namespace Wimsh.PsOracle;

public abstract class OracleProbeCmdlet : PSCmdlet
{
    /// <summary>
    /// One object per record: ParameterSetName, and BoundParameters as "Name=value; ..." sorted by name (values as
    /// PowerShell converts them to strings: a switch True, an enum its name, an array its items joined by spaces).
    /// </summary>
    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .Select(kv => kv.Key + "=" + LanguagePrimitives.ConvertTo<string>(kv.Value));
        var o = new PSObject();
        o.Properties.Add(new PSNoteProperty("ParameterSetName", ParameterSetName));
        o.Properties.Add(new PSNoteProperty("BoundParameters", string.Join("; ", bound)));
        WriteObject(o);
    }
}
