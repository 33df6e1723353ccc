/*
 * ConvertTo-Json as Windows PowerShell 5.1 writes it: the JavaScriptSerializer's compact text, re-laid out by 5.1's
 * pretty printer (nested members aligned under their key, `"key":  value`, empty containers with a blank line), and
 * -Depth cutting deeper objects to their string form. The expected texts follow 5.1's ConvertToJsonCommand
 * (ConvertDictionary/ConvertList in the 2016 sources, which 7.x replaced with Newtonsoft's indentation).
 */
import { out } from '../../lang/helpers';
import { compactJson, prettyJson } from '../../../cmdlets/Microsoft.PowerShell.Utility/ConvertTo-Json';

describe('prettyJson', () => {
  it('aligns a nested object and array under the value column of their key', () => {
    expect(prettyJson('{"a":{"b":1,"c":[1,2]},"d":"x"}').split('\r\n')).toEqual([
      '{',
      '    "a":  {',
      '              "b":  1,',
      '              "c":  [',
      '                        1,',
      '                        2',
      '                    ]',
      '          },',
      '    "d":  "x"',
      '}',
    ]);
  });

  it('indents objects in a top-level array by four spaces, and keeps a blank line in empty containers', () => {
    expect(prettyJson('[{"a":1},{"a":[]}]').split('\r\n')).toEqual(['[', '    {', '        "a":  1', '    },', '    {', '        "a":  [', '', '              ]', '    }', ']']);
    expect(prettyJson('[]')).toBe('[\r\n\r\n]');
  });

  it('leaves scalars and the punctuation inside strings alone', () => {
    expect(prettyJson('"x"')).toBe('"x"');
    expect(prettyJson('{"k:{":"a,[b]\\"}"}')).toBe('{\r\n    "k:{":  "a,[b]\\"}"\r\n}');
  });
});

describe('compactJson', () => {
  it("escapes quotes, backslashes and 5.1's HTML-sensitive characters", () => {
    expect(compactJson("it's <a&b> \"q\" \\", 2)).toBe('"it\\u0027s \\u003ca\\u0026b\\u003e \\"q\\" \\\\"');
  });
});

describe('ConvertTo-Json', () => {
  it('writes 5.1 layout through the cmdlet', async () => {
    expect(await out("@{a=@{b=1}} | ConvertTo-Json")).toBe('{\n    "a":  {\n              "b":  1\n          }\n}');
  });

  it('binds an empty array to -InputObject (an [object] parameter) and writes it as an empty array', async () => {
    expect(await out('ConvertTo-Json @()')).toBe('[\n\n]');
  });

  it('cuts objects deeper than -Depth (default 2) to their string form', async () => {
    expect(await out('@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress')).toBe('{"a":{"b":{"c":"System.Collections.Hashtable"}}}');
    expect(await out('[pscustomobject]@{a=[pscustomobject]@{b=[pscustomobject]@{c=[pscustomobject]@{d=1}}}} | ConvertTo-Json -Compress')).toBe('{"a":{"b":{"c":"@{d=1}"}}}');
    expect(await out('@{a=@{b=@{c=1}}} | ConvertTo-Json -Compress -Depth 1')).toBe('{"a":{"b":"System.Collections.Hashtable"}}');
  });

  it('writes several inputs as one array, and nothing for $null input', async () => {
    expect(await out('1, 2 | ConvertTo-Json -Compress')).toBe('[1,2]');
    expect(await out("$null | ConvertTo-Json; 'end'")).toBe('end');
  });
});
