/*
 * The XML data: UTF-16LE with BOM, a DISM-style install.wim IMAGE with WINDOWS info, unknown elements kept for the
 * writer, compact re-serialization, and malformed XML as a WimError.
 */
import { encodeWimXml, parseWimXml, serializeXml, setChildText, decodeWimXmlText, filetimeToDate } from '../../../src/formats/wim/xml';
import { WimError, WimErrorCode } from '../../../src/formats/errors';

const DISM_XML =
  '<WIM><TOTALBYTES>703241</TOTALBYTES><IMAGE INDEX="1"><DIRCOUNT>30127</DIRCOUNT><FILECOUNT>127185</FILECOUNT>' +
  '<TOTALBYTES>19699409370</TOTALBYTES><HARDLINKBYTES>5346880387</HARDLINKBYTES>' +
  '<CREATIONTIME><HIGHPART>0x01D8D089</HIGHPART><LOWPART>0x278BCD00</LOWPART></CREATIONTIME>' +
  '<LASTMODIFICATIONTIME><HIGHPART>0x01D95A85</HIGHPART><LOWPART>0x9BFF2C00</LOWPART></LASTMODIFICATIONTIME>' +
  '<WIMBOOT>0</WIMBOOT><WINDOWS><ARCH>9</ARCH><PRODUCTNAME>Microsoft® Windows® Operating System</PRODUCTNAME>' +
  '<EDITIONID>Professional</EDITIONID><INSTALLATIONTYPE>Client</INSTALLATIONTYPE><SERVICINGDATA><GDRDUREVISION>0</GDRDUREVISION>' +
  '<PKEYCONFIGVERSION>10.0.22621.1265;2016-01-01T00:00:00Z</PKEYCONFIGVERSION></SERVICINGDATA><HAL>acpiapic</HAL>' +
  '<PRODUCTTYPE>WinNT</PRODUCTTYPE><PRODUCTSUITE>Terminal Server</PRODUCTSUITE><LANGUAGES><LANGUAGE>zh-CN</LANGUAGE>' +
  '<LANGUAGE>en-US</LANGUAGE><FALLBACK LANGUAGE="zh-CN">en-US</FALLBACK><DEFAULT>en-US</DEFAULT></LANGUAGES>' +
  '<VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>22621</BUILD><SPBUILD>1265</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION>' +
  '<SYSTEMROOT>WINDOWS</SYSTEMROOT></WINDOWS><NAME>Windows 11 Pro &amp; more</NAME><DESCRIPTION>Windows 11 Pro</DESCRIPTION>' +
  '<FLAGS>Professional</FLAGS><DISPLAYNAME>Windows 11 Pro</DISPLAYNAME><DISPLAYDESCRIPTION>Windows 11 Pro</DISPLAYDESCRIPTION>' +
  '<UNKNOWNTHING a="1">kept</UNKNOWNTHING></IMAGE></WIM>';

test('a DISM install.wim IMAGE parses into the fields Get-WindowsImage shows', () => {
  const x = parseWimXml(encodeWimXml(parseWimXml(encodeUtf16(DISM_XML)).root));
  expect(x.totalBytes).toBe(703241);
  const img = x.images[0];
  expect(img).toMatchObject({ index: 1, name: 'Windows 11 Pro & more', description: 'Windows 11 Pro', flags: 'Professional', dirCount: 30127, fileCount: 127185, totalBytes: 19699409370, hardLinkBytes: 5346880387, wimBoot: false });
  expect(img.windows).toMatchObject({ arch: 9, editionId: 'Professional', installationType: 'Client', hal: 'acpiapic', productType: 'WinNT', productSuite: 'Terminal Server', languages: ['zh-CN', 'en-US'], defaultLanguage: 'en-US', systemRoot: 'WINDOWS', version: { major: 10, minor: 0, build: 22621, spBuild: 1265, spLevel: 0 } });
  expect(img.creationTime).toBe(0x01d8d089278bcd00n);
  expect(filetimeToDate(img.creationTime!).toISOString()).toBe('2022-09-25T02:47:30.000Z');
});

test('unknown elements and order survive a parse / serialize round trip', () => {
  const x = parseWimXml(encodeUtf16(DISM_XML));
  expect(serializeXml(x.root)).toBe(DISM_XML);
  setChildText(x.images[0].element, 'NAME', 'Renamed <x>');
  setChildText(x.images[0].element, 'DESCRIPTION', undefined);
  const again = parseWimXml(encodeWimXml(x.root));
  expect(again.images[0].name).toBe('Renamed <x>');
  expect(again.images[0].description).toBeUndefined();
  expect(serializeXml(again.root)).toContain('<UNKNOWNTHING a="1">kept</UNKNOWNTHING>');
});

test('encodeWimXml writes a BOM and UTF-16LE, and decoding ignores trailing NULs', () => {
  const b = encodeWimXml({ name: 'WIM', attrs: {}, children: [] });
  expect([...b.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
  const withNul = new Uint8Array([...b, 0, 0]);
  expect(decodeWimXmlText(withNul)).toBe('<WIM></WIM>');
});

test.each(['<WIM><IMAGE INDEX="1"></WIM>', '<NOTWIM/>', 'garbage', '<WIM>' + '<A>'.repeat(200) + '</A>'.repeat(200) + '</WIM>'])(
  'malformed XML %# is InvalidXml',
  (text) => {
    try {
      parseWimXml(encodeUtf16(text));
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(WimError);
      expect((e as WimError).code).toBe(WimErrorCode.InvalidXml);
    }
  },
);

function encodeUtf16(s: string): Uint8Array {
  const b = Buffer.from('\ufeff' + s, 'utf16le');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
