/*
 * The types bodies see for bound parameters (BoundParameters via defineCmdlet): checked by compiling a sample with
 * the TypeScript compiler, since jest (SWC) strips types without checking them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const cmdletModule = path.resolve(__dirname, '../../../src/lang/commands/cmdlet').replace(/\\/g, '/');

function diagnostics(body: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-types-'));
  const file = path.join(dir, 'sample.ts');
  fs.writeFileSync(
    file,
    `import { defineCmdlet, type CmdletDefinition, type ParameterDefinition } from '${cmdletModule}';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
declare function expectType<T>(ok: T): void;
void expectType;
${body}
`,
  );
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, types: [] });
  const out = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

describe('typed cmdlet parameters', () => {
  it('types each bound parameter from its declaration, without casts', () => {
    expect(
      diagnostics(`
const shared: ParameterDefinition[] = [{ name: 'LogPath', type: 'String' }];
export const cmdlet = defineCmdlet({
  name: 'Test-Types',
  className: 'Test.TypesCommand',
  parameters: [
    { name: 'Path', type: 'String', sets: { A: { mandatory: true } } },
    { name: 'Name', type: 'String' },
    { name: 'Nullable', type: 'String', mandatory: true, allowNull: true },
    { name: 'Index', type: 'UInt32' },
    { name: 'Names', type: 'String[]' },
    { name: 'Force', type: 'SwitchParameter' },
    { name: 'InputObject', type: 'PSObject' },
    { name: 'Level', type: 'Test.Level' },
    { name: 'Process', type: 'ScriptBlock[]' },
    ...shared,
  ],
  async process(ctx) {
    expectType<Equal<typeof ctx.params.Path, string | undefined>>(true);
    expectType<Equal<typeof ctx.params.Name, string | null | undefined>>(true);
    expectType<Equal<typeof ctx.params.Nullable, string | null | undefined>>(true);
    expectType<Equal<typeof ctx.params.Index, number | undefined>>(true);
    expectType<Equal<typeof ctx.params.Names, string[] | undefined>>(true);
    expectType<Equal<typeof ctx.params.Force, import('${cmdletModule.replace('commands/cmdlet', 'types/values')}').SwitchParameter | undefined>>(true);
    expectType<Equal<typeof ctx.params.InputObject, unknown>>(true);
    expectType<Equal<typeof ctx.params.Level, unknown>>(true);
    expectType<Equal<typeof ctx.params.LogPath, unknown>>(true);
    const n: number = ctx.params.Index ?? 0;
    void n;
  },
});
const registered: CmdletDefinition = cmdlet;
void registered;
`),
    ).toEqual([]);
  });

  it('refuses names the list does not declare, and wrong value types', () => {
    const errors = diagnostics(`
export const cmdlet = defineCmdlet({
  name: 'Test-Types',
  className: 'Test.TypesCommand',
  parameters: [{ name: 'Index', type: 'Int32' }],
  async process(ctx) {
    const s: string | undefined = ctx.params.Index;
    void ctx.params.Bogus;
    void s;
  },
});
`);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("Type 'number' is not assignable to type 'string'");
    expect(errors[1]).toContain("Property 'Bogus' does not exist");
  });
});
