#!/usr/bin/env node
// Writes the oracle's copy of wimsh's own modules (the Dism module, and any other that PowerShell does not ship) as
// C# cmdlets: tools/ps-oracle/Generated/Modules.g.cs, compiled into the oracle by `npm run oracle:build`.
//
//   node scripts/oracle-module.js            (needs dist/: run `npm run build` first)
//
// Each cmdlet gets the binding metadata of its CmdletDefinition (compiled registry dist/cmdlets/index.js): its .NET
// class and namespace, default parameter set, -WhatIf/-Confirm, and per parameter its type, aliases, sets,
// mandatory, position, pipeline binding, validation attributes; enums registered by the cmdlets' files become C#
// enums. Its body only reports the binding: one object per record processed, with ParameterSetName and
// BoundParameters ("Name=value; ..." sorted by name), so a test can run the same line through wimsh and PowerShell's
// real binder and compare which set was chosen, what was bound, and every binding error.
//
// Why compiled cmdlets and not a .psm1 of advanced functions: Dism is a binary module, and two things a binding
// error shows depend on that: the FullyQualifiedErrorId's command part is the class
// (NamedParameterNotFound,Microsoft.Dism.Commands.ExportWindowsImageCommand, a function gives its own name), and a
// failed conversion is CannotConvertArgumentNoMessage (a function's typed parameter gives
// ParameterArgumentTransformationError). Advanced functions would have made the oracle disagree with 5.1 on both.
//
// Not reproduced: `pipelineAliases` (wimsh's hidden by-property-name names; PowerShell has no such attribute), so a
// comparison must not rely on them.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const outDir = path.join(root, 'tools', 'ps-oracle', 'Generated');
const outFile = path.join(outDir, 'Modules.g.cs');

/** wimsh type names (cmdlet.ts) → C# types. */
const TYPES = {
  String: 'string', Char: 'char', Int16: 'short', UInt16: 'ushort', Int32: 'int', UInt32: 'uint', Int64: 'long',
  UInt64: 'ulong', Byte: 'byte', Double: 'double', Single: 'float', Decimal: 'decimal', Boolean: 'bool',
  SwitchParameter: 'SwitchParameter', DateTime: 'System.DateTime', ScriptBlock: 'ScriptBlock',
  Hashtable: 'System.Collections.Hashtable', Object: 'object', PSObject: 'PSObject',
};

const str = (s) => JSON.stringify(String(s)); // a C# regular string literal: JSON's escapes are C#'s too

/** Modules PowerShell ships itself: the oracle uses the real ones. */
const isBuiltIn = (name) => /^Microsoft\.PowerShell\./i.test(name);

function generate() {
  const { modules } = require(path.join(dist, 'cmdlets', 'index.js'));
  const cmdlets = [];
  for (const m of modules) {
    if (isBuiltIn(m.name)) continue;
    for (const load of Object.values(m.cmdlets)) cmdlets.push({ module: m.name, def: load().cmdlet });
  }
  // Loading the cmdlets' files registered their enums.
  const { enumTypes } = require(path.join(dist, 'src', 'lang', 'types', 'values.js'));
  const enums = new Map();
  // Result classes a parameter takes from the pipeline (Microsoft.Dism.Commands.BasicDriverObject): an empty class
  // of that full name, so binding sees the same type and the same conversion failures for anything else.
  const classes = new Set();
  const csType = (t) => {
    if (t.endsWith('[]')) return csType(t.slice(0, -2)) + '[]';
    if (TYPES[t]) return TYPES[t];
    // CIM objects (the Storage module's MSFT_DiskImage from the pipeline): a PSObject constrained by its type name
    // ([PSTypeName], written beside the property), so only such objects bind, as with the CDXML module's parameter.
    if (/^Microsoft\.Management\.Infrastructure\.CimInstance(#.*)?$/.test(t)) return 'PSObject';
    const e = enumTypes.get(t.toLowerCase());
    if (!e && /^Microsoft\.Dism\.Commands\.\w+$/.test(t)) {
      classes.add(t);
      return 'global::' + t;
    }
    if (!e) throw new Error(`oracle-module: no C# type for parameter type '${t}'`);
    enums.set(e.fullName, e);
    return 'global::' + e.fullName;
  };

  const byNamespace = new Map();
  // Commands that share one class name (the Storage module's CDXML functions all report
  // Microsoft.PowerShell.Cmdletization.Cim.CimCmdletAdapter) get a class each, named after the command.
  const classUses = new Map();
  for (const { def } of cmdlets) classUses.set(def.className, (classUses.get(def.className) ?? 0) + 1);
  for (const { module, def } of cmdlets) {
    const shared = classUses.get(def.className) > 1;
    const className = shared ? `WimshOracle.Cdxml.${def.name.replace('-', '')}Command` : def.className;
    const dot = className.lastIndexOf('.');
    const ns = className.slice(0, dot);
    const cls = className.slice(dot + 1);
    const dash = def.name.indexOf('-');
    const attr = [`${str(def.name.slice(0, dash))}, ${str(def.name.slice(dash + 1))}`];
    if (def.defaultParameterSetName) attr.push(`DefaultParameterSetName = ${str(def.defaultParameterSetName)}`);
    if (def.supportsShouldProcess) attr.push('SupportsShouldProcess = true');
    const lines = [`    // ${def.name} (module ${module}), from wimsh's definition ${def.className}.`];
    lines.push(`    [Cmdlet(${attr.join(', ')})]`);
    lines.push(`    public sealed class ${cls} : OracleProbeCmdlet`);
    lines.push('    {');
    for (const p of def.parameters) {
      const base = {
        mandatory: p.mandatory, position: p.position, valueFromPipeline: p.valueFromPipeline,
        valueFromPipelineByPropertyName: p.valueFromPipelineByPropertyName,
      };
      const sets = p.sets ? Object.entries(p.sets) : [['__AllParameterSets', {}]];
      for (const [set, flags] of sets) {
        const f = { ...base, ...flags };
        const args = [];
        if (set !== '__AllParameterSets') args.push(`ParameterSetName = ${str(set)}`);
        if (f.mandatory) args.push('Mandatory = true');
        if (f.position !== undefined) args.push(`Position = ${f.position}`);
        if (f.valueFromPipeline) args.push('ValueFromPipeline = true');
        if (f.valueFromPipelineByPropertyName) args.push('ValueFromPipelineByPropertyName = true');
        if (p.valueFromRemainingArguments) args.push('ValueFromRemainingArguments = true');
        if (p.dontShow) args.push('DontShow = true');
        lines.push(`        [Parameter(${args.join(', ')})]`);
      }
      if (p.aliases?.length) lines.push(`        [Alias(${p.aliases.map(str).join(', ')})]`);
      if (p.allowNull) lines.push('        [AllowNull]');
      if (p.allowEmptyString) lines.push('        [AllowEmptyString]');
      if (p.allowEmptyCollection) lines.push('        [AllowEmptyCollection]');
      if (p.validateNotNull) lines.push('        [ValidateNotNull]');
      if (p.validateNotNullOrEmpty) lines.push('        [ValidateNotNullOrEmpty]');
      if (p.validateRange) lines.push(`        [ValidateRange(${p.validateRange[0]}, ${p.validateRange[1]})]`);
      if (p.validateSet?.length)
        lines.push(`        [ValidateSet(${p.validateSet.map(str).join(', ')}${p.validateSetCaseSensitive ? ', IgnoreCase = false' : ''})]`);
      const element = p.type.replace(/\[\]$/, '');
      if (/^Microsoft\.Management\.Infrastructure\.CimInstance#/.test(element)) lines.push(`        [PSTypeName(${str(element)})]`);
      lines.push(`        public ${csType(p.type)} ${p.name} { get; set; }`);
    }
    lines.push('    }');
    if (!byNamespace.has(ns)) byNamespace.set(ns, []);
    byNamespace.get(ns).push(lines.join('\n'));
  }
  for (const c of classes) {
    const dot = c.lastIndexOf('.');
    const ns = c.slice(0, dot);
    if (!byNamespace.has(ns)) byNamespace.set(ns, []);
    byNamespace.get(ns).unshift(`    public sealed class ${c.slice(dot + 1)} { }`);
  }
  for (const e of enums.values()) {
    const dot = e.fullName.lastIndexOf('.');
    const ns = e.fullName.slice(0, dot);
    const members = e.members.map(([n, v]) => `        ${n} = ${v},`).join('\n');
    if (!byNamespace.has(ns)) byNamespace.set(ns, []);
    byNamespace.get(ns).unshift(`    public enum ${e.fullName.slice(dot + 1)}\n    {\n${members}\n    }`);
  }

  const out = [
    '// Generated by scripts/oracle-module.js from wimsh\'s cmdlet definitions (dist/cmdlets): do not edit.',
    '#nullable disable',
    'using System.Management.Automation;',
    'using Wimsh.PsOracle;',
    '',
  ];
  for (const [ns, blocks] of byNamespace) out.push(`namespace ${ns}\n{\n${blocks.join('\n\n')}\n}\n`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(outFile, out.join('\n'));
  return { cmdlets: cmdlets.length, enums: enums.size };
}

if (require.main === module) {
  if (!fs.existsSync(path.join(dist, 'cmdlets', 'index.js'))) {
    console.error('oracle-module: dist/cmdlets/index.js is missing; run `npm run build` first');
    process.exit(1);
  }
  const r = generate();
  console.log(`oracle-module: ${r.cmdlets} cmdlets, ${r.enums} enums -> ${path.relative(root, outFile)}`);
}

module.exports = { generate, outFile };
