/*
 * The contract of the .NET member tables (src/lang/types/member-table.ts, members.ts, static-members.ts): names
 * are unique case-insensitively, only String overrides System.Object's members, every row is reachable from
 * PowerShell syntax in any letter case (each row's implementation is swapped for a marker in turn, and a script
 * must reach the marker), and Get-Member lists exactly the rows that carry a definition.
 */
import { run, tempDrive } from '../helpers';
import { MemberTable, NameMap, method, property, type MemberRow } from '../../../src/lang/types/member-table';
import { instanceTables, OBJECT_MEMBERS, STRING_MEMBERS, memberDefinitions } from '../../../src/lang/types/members';
import { staticTableList, staticTables } from '../../../src/lang/types/static-members';
import { registerEnum } from '../../../src/lang/types/values';

beforeAll(() => {
  tempDrive();
  registerEnum({ fullName: 'Test.Shade', members: [['Dark', 1], ['Light', 2]] });
});

/** A script that leaves a value of each instance table's type in $v. */
const VALUE_OF: Record<string, string> = {
  'System.Object': '$v = [pscustomobject]@{}',
  'System.String': "$v = 'abc'",
  'System.Collections.Hashtable': '$v = @{}',
  'System.Collections.ArrayList': '$v = [System.Collections.ArrayList]::new()',
  'System.Object[]': '$v = @(1, 2)',
  'System.DateTime': "$v = [datetime]'2020-01-02'",
  'System.Management.Automation.ErrorRecord': "try { throw 'x' } catch { $v = $_ }",
  'System.RuntimeType': '$v = [int]',
  'System.Version': "$v = [version]'1.2.3.4'",
  'System.Management.Automation.SwitchParameter': '$v = [switch]$true',
  'System.Enum': "$v = [Test.Shade]'Dark'",
  'System.Management.Automation.ScriptBlock': '$v = { 1 }',
  'System.Int32': '$v = 5',
  'System.Boolean': '$v = $true',
  'System.IO.FileSystemInfo': "Set-Content C:\\fsi.txt x; $v = Get-Item C:\\fsi.txt",
  'System.IO.FileInfo': "Set-Content C:\\fi.txt x; $v = Get-Item C:\\fi.txt",
  'System.Xml.XmlNode': "$v = [xml]'<a k=\"1\"><b>t</b></a>'",
  'System.Xml.XmlNamespaceManager': '$v = New-Object System.Xml.XmlNamespaceManager($null)',
  'System.IO.DirectoryInfo': "New-Item -ItemType Directory C:\\di -Force | Out-Null; $v = Get-Item C:\\di",
};

/** The name with its letter case flipped (`ToUpper` -> `tOuPPER`): lookups must not depend on spelling. */
function flipCase(name: string): string {
  return [...name].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Runs `script` with the row's implementation replaced by one that returns `marker`. */
async function withMarker(row: MemberRow<unknown>, marker: string, script: string): Promise<string> {
  const saved = row.impl;
  (row as { impl: unknown }).impl = () => marker;
  try {
    const r = await run(script);
    return r.stdout + r.stderr;
  } finally {
    (row as { impl: unknown }).impl = saved;
  }
}

describe('member tables', () => {
  test('a name listed twice in any letter case fails at load', () => {
    expect(() => new MemberTable('T', [method('Foo', () => 1), method('FOO', () => 2)])).toThrow("T: method 'FOO' is listed twice");
    expect(() => new MemberTable('T', [property('Bar', () => 1), property('bar', () => 2)])).toThrow("T: property 'bar' is listed twice");
    // A method and a property may share a name ([datetime]::Now and [datetime]::Now()).
    expect(() => new MemberTable('T', [method('Now', () => 1), property('Now', () => 2)])).not.toThrow();
  });

  test('every table keys its rows by their lower-case names, and a type has one static table', () => {
    for (const t of [...instanceTables, ...staticTableList] as Array<MemberTable<unknown, unknown>>) {
      for (const [k, r] of [...t.methods, ...t.properties]) expect(k).toBe(r.name.toLowerCase());
      expect(t.rows().length).toBe(t.methods.size + t.properties.size);
    }
    const names = staticTableList.map((t) => t.typeName.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    const instanceNames = instanceTables.map((t) => t.typeName.toLowerCase());
    expect(new Set(instanceNames).size).toBe(instanceNames.length);
  });

  test('NameMap finds a name in any spelling and remembers only names that exist', () => {
    const m = new NameMap<number>();
    expect(m.set('GetFileName', 1)).toBe(false);
    expect(m.set('GETFILENAME', 2)).toBe(true);
    expect(m.get('getfilename')).toBe(2);
    expect(m.get('GetFileName')).toBe(2);
    expect(m.get('nope')).toBeUndefined();
  });

  test('only String overrides System.Object members; every other table only adds to its base', () => {
    const objectNames = new Set([...OBJECT_MEMBERS.methods.keys(), ...OBJECT_MEMBERS.properties.keys()]);
    for (const t of instanceTables as Array<MemberTable<unknown, unknown>>) {
      if (t === (OBJECT_MEMBERS as unknown) || t === (STRING_MEMBERS as unknown)) continue;
      for (const k of [...t.methods.keys(), ...t.properties.keys()]) expect(`${t.typeName}.${k}: ${objectNames.has(k)}`).toBe(`${t.typeName}.${k}: false`);
    }
    expect([...STRING_MEMBERS.methods.keys()].filter((k) => objectNames.has(k)).sort()).toEqual(['equals', 'tostring']);
  });

  test('every instance table has a PowerShell value to reach it by', () => {
    expect(instanceTables.map((t) => t.typeName).sort()).toEqual(Object.keys(VALUE_OF).sort());
  });

  test('every instance row is reachable from PowerShell syntax, in any letter case', async () => {
    const missed: string[] = [];
    for (const t of instanceTables as Array<MemberTable<unknown, unknown>>) {
      for (const row of t.rows()) {
        const marker = `reached ${t.typeName}.${row.name}`;
        const access = row.kind === 'Method' ? `$v.${flipCase(row.name)}()` : `$v.${flipCase(row.name)}`;
        const out = await withMarker(row as MemberRow<unknown>, marker, `${VALUE_OF[t.typeName]}; ${access}`);
        if (!out.includes(marker)) missed.push(`${marker}: ${out}`);
      }
    }
    expect(missed).toEqual([]);
  }, 120000);

  test('every static row is reachable as [FullName]::Member, in any letter case', async () => {
    const missed: string[] = [];
    for (const t of staticTableList) {
      expect(staticTables.get(t.typeName.toUpperCase())).toBe(t);
      for (const row of t.rows()) {
        const marker = `reached ${t.typeName}::${row.name}`;
        const access = `[${t.typeName}]::${flipCase(row.name)}${row.kind === 'Method' ? '()' : ''}`;
        const out = await withMarker(row as MemberRow<unknown>, marker, access);
        if (!out.includes(marker)) missed.push(`${marker}: ${out}`);
      }
    }
    expect(missed).toEqual([]);
  }, 120000);

  test('Get-Member lists the rows that carry a definition, once each, from a fresh list per call', async () => {
    const defs = memberDefinitions('abc');
    expect(defs.map(([n]) => n)).toEqual([...new Set(defs.map(([n]) => n))]);
    expect(defs).toContainEqual(['Length', 'Property', 'int Length {get;}']);
    expect(defs).toContainEqual(['ToString', 'Method', 'string ToString()']);
    expect(memberDefinitions('abc')).not.toBe(defs);
    const r = await run("'a' | Get-Member | Measure-Object | ForEach-Object Count; 'b' | Get-Member | Measure-Object | ForEach-Object Count");
    expect(r.stdout).toBe(`${defs.length}\n${defs.length}\n`);
    const h = await run("@{} | Get-Member -Name ContainsKey | ForEach-Object Definition");
    expect(h.stdout).toBe('bool ContainsKey(System.Object key)\n');
  });

  test('constructors of type families: List[T], ArrayList, exceptions, hashtables', async () => {
    const r = await run(
      "[System.Collections.Generic.List[int]]::new().GetType().FullName; [System.Collections.ArrayList]::New().Add(1); [System.IO.IOException]::new('m').Message; [hashtable]::new().Count; [math]::new()",
    );
    expect(r.stdout).toBe('System.Collections.Generic.List`1[[System.Int32, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]\n0\nm\n0\n');
    expect(r.stderr).toContain("Method invocation failed because [System.Math] does not contain a method named 'new'.");
  });
});
