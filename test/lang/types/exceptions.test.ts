/*
 * Exceptions as objects (src/lang/types/static-members.ts newException, newErrorRecord): a thrown exception keeps its
 * members ($_.Exception.FileName, .ParamName), typed catch sees its base types, and an ErrorRecord built by
 * New-Object reaches $PSCmdlet.ThrowTerminatingError/WriteError as 5.1 reports a script cmdlet's error.
 */
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe('exception objects', () => {
  test('FileNotFoundException(message, fileName) keeps FileName through throw and catch', async () => {
    expect(
      await out(
        "try { throw [System.IO.FileNotFoundException]::new('Missing file', 'C:\\x.wim') } catch [System.IO.IOException] { $_.Exception.Message; $_.Exception.FileName; $_.Exception.GetType().FullName; $_.Exception -is [System.IO.FileNotFoundException] }",
      ),
    ).toBe('Missing file\nC:\\x.wim\nSystem.IO.FileNotFoundException\nTrue');
  });

  test("argument exceptions carry ParamName and .NET Framework's message", async () => {
    expect(await out("try { throw [System.ArgumentException]::new('bad arg', 'Path') } catch [ArgumentException] { $_.Exception.Message; $_.Exception.ParamName }")).toBe('bad arg\nParameter name: Path\nPath');
    expect(await out("try { throw (New-Object System.ArgumentNullException 'Image') } catch [System.ArgumentException] { $_.Exception.Message }")).toBe('Value cannot be null.\nParameter name: Image');
  });

  test('an inner exception and default messages', async () => {
    expect(await out("$e = [System.InvalidOperationException]::new('outer', [System.IO.IOException]::new('inner')); $e.InnerException.Message; [System.IO.FileNotFoundException]::new().Message")).toBe(
      'inner\nUnable to find the specified file.',
    );
  });

  test('an uncaught thrown exception shows its message and type', async () => {
    const r = await run("throw [System.IO.FileNotFoundException]::new('Missing file', 'C:\\x.wim')");
    expect(r.stderr).toContain('Missing file\nAt line:1 char:1');
    expect(r.stderr).toContain('+ CategoryInfo          : OperationStopped: (:) [], FileNotFoundException');
  });
});

describe('ErrorRecord objects in advanced functions', () => {
  const fn = "function Test-It { [CmdletBinding()] param() $ex = New-Object System.IO.IOException 'disk full'; $er = New-Object System.Management.Automation.ErrorRecord($ex, 'DiskFull', 'WriteError', 'C:\\t'); $PSCmdlet.ThrowTerminatingError($er) }; ";

  test('New-Object ErrorRecord($ex, id, category, target) for ThrowTerminatingError', async () => {
    expect(await out(fn + 'try { Test-It } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message; $_.Exception.GetType().FullName }')).toBe(
      'DiskFull,Test-It\nWriteError\nC:\\t\ndisk full\nSystem.IO.IOException',
    );
  });

  test('[ErrorRecord]::new and $PSCmdlet.WriteError report as the command', async () => {
    const r = await run(
      "function Test-We { [CmdletBinding()] param() $er = [System.Management.Automation.ErrorRecord]::new([Exception]::new('soft'), 'Soft', [System.Management.Automation.ErrorCategory]::InvalidData, $null); $PSCmdlet.WriteError($er); 'after' }; Test-We",
    );
    expect(r.stdout).toBe('after\n');
    expect(r.stderr).toContain('Test-We : soft\nAt line:1 char:');
    expect(r.stderr).toContain('+ CategoryInfo          : InvalidData: (:) [Test-We], Exception');
    expect(r.stderr).toContain('+ FullyQualifiedErrorId : Soft,Test-We');
  });

  test('a wrong argument count is an overload error, not a crash', async () => {
    const r = await run("New-Object System.Management.Automation.ErrorRecord('x')");
    expect(r.stderr).toContain('Cannot find an overload for "ErrorRecord" and the argument count: "1".');
  });
});

describe('a bareword argument ends at "("', () => {
  test('Type(args) passes the type name and the arguments as two arguments, as in PowerShell', async () => {
    expect(await out('Write-Output abc(1); (New-Object System.Version(1, 2)).Minor')).toBe('abc\n1\n2');
  });
});
