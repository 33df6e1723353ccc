/*
 * [xml] (src/lang/types/xml-document.ts): casts from text and Get-Content, PowerShell's XML adapter (navigation by
 * element and attribute names, assignment), the DOM methods scripts use to edit unattend.xml (CreateElement,
 * AppendChild, SetAttribute, SelectNodes with an XmlNamespaceManager), and Save through the drive map as
 * XmlDocument.Save writes (BOM, CRLF, two-space indentation). Expected texts were checked against the oracle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../helpers';

let C = '';
const UNATTEND = `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
    <settings pass="windowsPE">
        <component name="Microsoft-Windows-Setup" processorArchitecture="amd64">
            <UserData>
                <ProductKey>
                    <Key>XXXXX</Key>
                </ProductKey>
                <AcceptEula>true</AcceptEula>
            </UserData>
        </component>
    </settings>
    <settings pass="oobeSystem">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64">
            <!-- the computer name -->
            <ComputerName>*</ComputerName>
        </component>
    </settings>
</unattend>
`;

beforeEach(() => {
  C = tempDrive();
  fs.writeFileSync(path.join(C, 'unattend.xml'), UNATTEND);
});

const LOAD = '[xml]$x = Get-Content C:\\unattend.xml; ';
const NS = "$ns = New-Object System.Xml.XmlNamespaceManager($x.NameTable); $ns.AddNamespace('u', 'urn:schemas-microsoft-com:unattend'); ";

describe('the XML adapter', () => {
  test('navigates elements and attributes by name; text-only elements read as strings', async () => {
    expect(await out(LOAD + '$x.unattend.settings.Count; $x.unattend.settings[0].pass; $x.unattend.settings[0].component.name; $x.unattend.settings[0].component.UserData.AcceptEula; $x.unattend.settings[1].component.ComputerName; $x.DocumentElement.Name; $x.GetType().FullName')).toBe(
      '2\nwindowsPE\nMicrosoft-Windows-Setup\ntrue\n*\nunattend\nSystem.Xml.XmlDocument',
    );
  });

  test('the forms the oracle shows for OuterXml, "$element", #text and empty elements', async () => {
    const doc = `[xml]$x = '<?xml version="1.0" encoding="utf-8"?><a xmlns="urn:x"><b k="1">t</b><b>u</b><c/></a>'; `;
    expect(await out(doc + "$x.a.b[0].OuterXml; $e = $x.CreateElement('d'); [void]$x.a.AppendChild($e); $x.a.OuterXml; \"$($x.a)\"; $x.a.b[0].'#text'; $x.a.c.GetType().FullName; $x.a.b.Count")).toBe(
      '<b k="1" xmlns="urn:x">t</b>\n<a xmlns="urn:x"><b k="1">t</b><b>u</b><c /><d xmlns="" /></a>\nSystem.Xml.XmlElement\nt\nSystem.String\n2',
    );
  });

  test('assignment sets an attribute or a text-only element; InnerText sets any element', async () => {
    expect(await out(LOAD + "$x.unattend.settings[1].component.ComputerName = 'WIMSH-PC'; $x.unattend.settings[0].pass = 'specialize'; $x.unattend.settings[0].component.UserData.ProductKey.InnerText = 'K'; $x.unattend.settings[1].component.ComputerName; $x.unattend.settings[0].pass; $x.unattend.settings[0].component.UserData.ProductKey")).toBe(
      'WIMSH-PC\nspecialize\nK',
    );
  });

  test('a malformed document is a conversion error with .NET\'s position', async () => {
    const r = await run("[xml]'<a><b></a>'");
    expect(r.stderr).toContain('to type "System.Xml.XmlDocument". Error: "The \'b\' start tag does not match the end tag of \'a\'. Line 1, position 9."');
  });
});

describe('DOM methods', () => {
  test('SelectNodes/SelectSingleNode with a namespace manager; an unprefixed name matches no-namespace elements only', async () => {
    expect(await out(LOAD + NS + "$x.SelectNodes('//u:component', $ns).Count; $x.SelectSingleNode(\"//u:settings[@pass='oobeSystem']/u:component\", $ns).name; $x.SelectNodes('//component').Count; $x.SelectSingleNode('/u:unattend/u:settings[2]/@pass', $ns).Value; $x.SelectNodes(\"//u:component[u:ComputerName='*']\", $ns).Count")).toBe(
      '2\nMicrosoft-Windows-Shell-Setup\n0\noobeSystem\n1',
    );
    const r = await run(LOAD + "$x.SelectNodes('//u:component')");
    expect(r.stderr).toContain('Exception calling "SelectNodes" with "1" argument(s): "Namespace Manager or XsltContext needed.');
  });

  test('CreateElement, AppendChild, SetAttribute, RemoveChild and Save write what XmlDocument.Save writes', async () => {
    await out(
      LOAD + NS +
        "$c = $x.SelectSingleNode(\"//u:settings[@pass='oobeSystem']/u:component\", $ns); $el = $x.CreateElement('TimeZone', $x.unattend.NamespaceURI); $el.InnerText = 'UTC'; [void]$c.AppendChild($el); $c.SetAttribute('language', 'neutral'); $x.unattend.settings[1].component.ComputerName = 'PC1'; $pk = $x.SelectSingleNode('//u:ProductKey', $ns); [void]$pk.ParentNode.RemoveChild($pk); $x.Save('C:\\out.xml')",
    );
    const bytes = fs.readFileSync(path.join(C, 'out.xml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<unattend xmlns="urn:schemas-microsoft-com:unattend">',
        '  <settings pass="windowsPE">',
        '    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64">',
        '      <UserData>',
        '        <AcceptEula>true</AcceptEula>',
        '      </UserData>',
        '    </component>',
        '  </settings>',
        '  <settings pass="oobeSystem">',
        '    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" language="neutral">',
        '      <!-- the computer name -->',
        '      <ComputerName>PC1</ComputerName>',
        '      <TimeZone>UTC</TimeZone>',
        '    </component>',
        '  </settings>',
        '</unattend>',
      ].join('\r\n'),
    );
  });

  test('New-Object xml with Load, entities and CDATA round-trip', async () => {
    fs.writeFileSync(path.join(C, 'e.xml'), '<r a="x &amp; y"><t>1 &lt; 2</t><d><![CDATA[<raw>]]></d></r>');
    expect(await out("$d = New-Object xml; $d.Load('C:\\e.xml'); $d.r.a; $d.r.t; $d.r.d; $d.OuterXml")).toBe(
      'x & y\n1 < 2\n<raw>\n<r a="x &amp; y"><t>1 &lt; 2</t><d><![CDATA[<raw>]]></d></r>',
    );
  });
});
