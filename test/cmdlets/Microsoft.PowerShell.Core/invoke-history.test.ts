/*
 * Invoke-History and its aliases r and ihy: wimsh keeps no session history, so each form fails as PowerShell does on
 * an empty history (texts, error ids and categories checked against the oracle; 5.1's ArgumentOutOfRangeException
 * text puts "Parameter name:" on its own line).
 */
import { out, run } from '../../lang/helpers';

describe('Invoke-History', () => {
  it('r and ihy are its aliases, and it is a cmdlet', async () => {
    expect(await out("(Get-Command Invoke-History).CommandType; (Get-Command Invoke-History).ModuleName")).toBe('Cmdlet\nMicrosoft.PowerShell.Core');
    expect(await out('try { r } catch { $_.FullyQualifiedErrorId } ; try { ihy } catch { $_.Exception.GetType().FullName }')).toBe(
      'InvokeHistoryNoLastHistoryEntryFound,Microsoft.PowerShell.Commands.InvokeHistoryCommand\nSystem.InvalidOperationException',
    );
    // An alias comes before a function of the same name.
    expect(await out("function r { 'function' }; try { r } catch { 'alias' }")).toBe('alias');
  });

  it('with no history: the last entry, an Id and a command line are not found (lines compared without CR)', async () => {
    const r = await run('r');
    expect(r.stderr).toContain('Cannot locate most recent history.');
    expect(r.stderr).toContain('+ CategoryInfo          : InvalidOperation: (:) [Invoke-History], InvalidOperationException');
    expect(await out('try { r 5 } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }')).toBe(
      'Cannot locate the history for Id 5.\nInvokeHistoryNoHistoryForId,Microsoft.PowerShell.Commands.InvokeHistoryCommand\nObjectNotFound',
    );
    expect(await out('try { Invoke-History Get-X } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }')).toBe(
      'Cannot locate the history for command line Get-X.\nInvokeHistoryNoHistoryForCommandline,Microsoft.PowerShell.Commands.InvokeHistoryCommand',
    );
    expect(await out('try { r 0 } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }')).toBe(
      'The identifier 0 is not a valid value for a History identifier. Specify a positive number, and then try again.\nParameter name: Id\nInvokeHistoryInvalidIdGetHistory,Microsoft.PowerShell.Commands.InvokeHistoryCommand',
    );
  });
});
