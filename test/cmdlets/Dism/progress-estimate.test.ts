/*
 * The Dism cmdlets' progress records: the time left comes from the throughput so far, and the argument completers
 * name the images of the WIM on the line.
 */
import { estimateSecondsRemaining } from '../../../cmdlets/Dism/_dism';
import { cmdlet as exportCmdlet } from '../../../cmdlets/Dism/Export-WindowsImage';

describe('time left of a Dism operation', () => {
  test('the rest of the work at the average rate so far', () => {
    // A quarter done in 10 s: 30 s to go.
    expect(estimateSecondsRemaining(10000, 25, 100)).toBe(30);
    expect(estimateSecondsRemaining(4000, 1, 3)).toBe(8);
  });

  test('no estimate before two seconds, before any work, or once done', () => {
    expect(estimateSecondsRemaining(1999, 50, 100)).toBeUndefined();
    expect(estimateSecondsRemaining(5000, 0, 100)).toBeUndefined();
    expect(estimateSecondsRemaining(5000, 100, 100)).toBeUndefined();
  });
});

describe('argument completers in the metadata', () => {
  test('Export-WindowsImage offers the source WIM\'s names and indexes; nothing without a readable source', () => {
    const byName = (n: string) => exportCmdlet.parameters.find((p) => p.name === n);
    const name = byName('SourceName')?.argumentCompleter;
    const index = byName('SourceIndex')?.argumentCompleter;
    expect(typeof name).toBe('function');
    expect(typeof index).toBe('function');
    expect(name?.('', {}, (p) => p)).toEqual([]);
    expect(index?.('', { SourceImagePath: '/nonexistent/x.wim' }, (p) => p)).toEqual([]);
  });
});
