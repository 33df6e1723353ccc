/*
 * Format-Table's columns as 5.1 lays them out: numbers right-aligned cell by cell (calculated ones too), the
 * calculated-property keys Alignment, Width and FormatString, -AutoSize, and Format-Table's output starting a new
 * format on the console (what the console was gathering ends before it).
 */
import { out, run, tempDrive } from '../../lang/helpers';

beforeAll(() => {
  tempDrive();
});

const objects = "$o = [pscustomobject]@{Name='install.wim';Size=4500000000},[pscustomobject]@{Name='boot.wim';Size=500000000}; ";

describe('Format-Table', () => {
  it('right-aligns numbers, calculated columns included; FormatString keeps a number right-aligned', async () => {
    expect(await out(objects + "$o | Format-Table Name, @{n='Size (GB)';e={$_.Size / 1GB};FormatString='N2'} -AutoSize")).toBe(
      'Name        Size (GB)\n----        ---------\ninstall.wim      4.19\nboot.wim         0.47',
    );
    expect(await out(objects + '$o | Format-Table -AutoSize')).toBe('Name              Size\n----              ----\ninstall.wim 4500000000\nboot.wim     500000000');
  });

  it('Alignment and Width keys (the last column keeps its width too, as the oracle lays it out)', async () => {
    expect(await out(objects + "$o | Format-Table @{n='Bytes';e={$_.Size};Alignment='left';Width=12}, @{n='Kind';e={'wim'};Alignment='right';Width=8}")).toBe(
      'Bytes            Kind\n-----            ----\n4500000000        wim\n500000000         wim',
    );
    expect(await out(objects + "$o | Select-Object -First 1 | Format-Table @{n='Kind';e={'wim'};Alignment='right';Width=8}, @{n='Bytes';e={$_.Size};Width=12}")).toBe(
      '    Kind        Bytes\n    ----        -----\n     wim   4500000000',
    );
  });

  it('aligns each cell by its own value in a mixed column', async () => {
    expect(await out("[pscustomobject]@{V=1},[pscustomobject]@{V='text'},[pscustomobject]@{V=22} | Format-Table")).toBe('   V\n   -\n   1\ntext\n  22');
  });

  it('ends the console format open before it', async () => {
    const r = await run("[pscustomobject]@{A=1}; [pscustomobject]@{A=2} | Format-Table");
    expect(r.stdout).toBe('\nA\n-\n1\n\n\n\nA\n-\n2\n\n\n');
  });
});
