/*
 * Where the oracle (PowerShell 7.6 on Linux) shows by design what Windows PowerShell 5.1 does not: the ONE list the
 * comparisons consult (test/oracle/*.test.ts, scripts/oracle.js). CommonJS so that plain node scripts read it too.
 *
 * rewrites: applied to the oracle's stderr before any comparison; each undoes a formatting change made after 5.1,
 *   so that what is left to compare is the engine's behaviour.
 * cases: conformance case id -> why 7.6's output there cannot agree with the case's recorded 5.1 output; the
 *   comparison expects that case to disagree (and reports an entry that has become stale when it agrees).
 */
'use strict';

const rewrites = [
  {
    pattern: /^\+ (CategoryInfo|FullyQualifiedErrorId) /gm,
    replacement: '    + $1 ',
    why: "5.1's NormalView indents the CategoryInfo and FullyQualifiedErrorId lines by four spaces; 7.x's NormalView does not",
    source: 'PowerShellCore_format_ps1xml.cs ErrorInstance view (7.x) against 5.1 captures in ../shared/research/PS-CONFORMANCE.md',
  },
  {
    pattern: /\u2026/g,
    replacement: '...',
    why: "the position message cuts a long source line with '...' in 5.1 and with the single character U+2026 since 7.0",
    source: 'PositionUtilities.BriefMessage (System.Management.Automation/engine/parser/Position.cs, 7.x)',
  },
  {
    pattern: / One or more parameters issued cannot be used together or an insufficient number of parameters were provided\./g,
    replacement: '',
    why: "AmbiguousParameterSet's second sentence was added in PowerShell 6; 5.1 prints the first sentence only",
    source: 'ParameterBinderStrings.resx AmbiguousParameterSet, PowerShell PR #5537; PS-CONFORMANCE.md',
  },
  {
    pattern: /The input string '(?:[^'\n]*)' was not in a correct format\./g,
    replacement: 'Input string was not in a correct format.',
    why: ".NET 8 rewrote FormatException's text for number parsing to quote the input; 5.1 runs on .NET Framework 4.x",
    source: '.NET 8 breaking change (System.Private.CoreLib Format_InvalidStringWithValue); PS-CONFORMANCE.md CannotConvertArgumentNoMessage',
  },
];

const cases = {
  'err-command-not-found': {
    why: "7.x rewords CommandNotFoundException: 'is not recognized as a name of a cmdlet, function, script file, or executable program.' (5.1: 'as the name of ... or operable program.'), and puts the second sentence on its own line",
    source: 'DiscoveryExceptions.resx CommandNotFoundException (PowerShell 7); PS-CONFORMANCE.md',
  },
  'join-path-nested': {
    why: "PowerShell on Linux joins with the platform's separator: Join-Path 'D:\\sources' 'install.esd' gives D:/sources/install.esd",
    source: 'FileSystemProvider on Unix normalizes \\ to /; 5.1 runs on Windows only',
  },
};

/** The oracle's stderr with the rewrites applied. */
function as51(stderr) {
  let s = stderr;
  for (const r of rewrites) s = s.replace(r.pattern, r.replacement);
  return s;
}

module.exports = { rewrites, cases, as51 };
