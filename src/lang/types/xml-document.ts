/*
 * [xml]: a small XML DOM of our own (System.Xml.XmlDocument as PowerShell scripts use it to edit unattend.xml):
 * the document, elements, attributes, text/CDATA, comments, processing instructions (the XML declaration), with
 * namespaces resolved from the xmlns declarations in scope, document order kept, and a writer that saves the
 * document as XmlDocument.Save does without PreserveWhitespace (UTF-8 with a BOM, CRLF, two-space indentation, the
 * declaration as read). PowerShell's XML adapter is here too: `$x.unattend.settings` reads child elements and
 * attributes by name (a text-only child as its text, several of one name as an array), and assigning to one sets
 * the attribute's value or the element's text. SelectNodes/SelectSingleNode take the XPath subset scripts write
 * (paths, //, *, .., @attr, text(), predicates [n], [@a='v'], [name='v'], [last()]) with prefixes from an
 * XmlNamespaceManager; as in .NET an unprefixed name matches only elements in no namespace.
 */

export type XmlNodeType = 'Document' | 'Element' | 'Attribute' | 'Text' | 'CDATA' | 'Comment' | 'ProcessingInstruction' | 'XmlDeclaration' | 'Whitespace';

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** A parse failure, with .NET's XmlException text. */
export class XmlParseError extends Error {}

export class XmlNode {
  parent: XmlNode | null = null;
  readonly children: XmlNode[] = [];
  /** For elements: attributes in document order. */
  readonly attributes: XmlNode[] = [];
  /** Text of text/CDATA/comment/PI nodes and attribute values. */
  value = '';
  /** Namespace URI (elements and attributes). */
  namespaceURI = '';

  constructor(
    readonly nodeType: XmlNodeType,
    /** The qualified name as written (prefix:local), or #text, #comment, #document... */
    public name: string,
    public ownerDocument: XmlNode | null,
  ) {}

  get typeNames(): string[] {
    const t = { Document: 'XmlDocument', Element: 'XmlElement', Attribute: 'XmlAttribute', Text: 'XmlText', CDATA: 'XmlCDataSection', Comment: 'XmlComment', ProcessingInstruction: 'XmlProcessingInstruction', XmlDeclaration: 'XmlDeclaration', Whitespace: 'XmlWhitespace' }[this.nodeType];
    return [`System.Xml.${t}`, 'System.Xml.XmlNode', 'System.Object'];
  }

  get localName(): string {
    const i = this.name.indexOf(':');
    return i >= 0 ? this.name.slice(i + 1) : this.name;
  }

  get prefix(): string {
    const i = this.name.indexOf(':');
    return i >= 0 && this.nodeType !== 'Document' ? this.name.slice(0, i) : '';
  }

  get document(): XmlNode {
    return this.nodeType === 'Document' ? this : this.ownerDocument!;
  }

  get documentElement(): XmlNode | null {
    return this.children.find((c) => c.nodeType === 'Element') ?? null;
  }

  get innerText(): string {
    if (this.nodeType === 'Comment' || this.nodeType === 'ProcessingInstruction' || this.nodeType === 'XmlDeclaration') return this.value;
    if (this.nodeType !== 'Element' && this.nodeType !== 'Document') return this.value;
    let s = '';
    for (const c of this.children) if (c.nodeType !== 'Comment' && c.nodeType !== 'ProcessingInstruction' && c.nodeType !== 'XmlDeclaration') s += c.innerText;
    return s;
  }

  set innerText(text: string) {
    if (this.nodeType !== 'Element') {
      this.value = text;
      return;
    }
    for (const c of this.children) c.parent = null;
    this.children.length = 0;
    if (text !== '') this.appendChild(this.document.createNode('Text', '#text', text));
  }

  attribute(name: string): XmlNode | undefined {
    return this.attributes.find((a) => a.name === name) ?? this.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
  }

  getAttribute(name: string): string {
    return this.attribute(name)?.value ?? '';
  }

  setAttribute(name: string, value: string): void {
    const a = this.attributes.find((x) => x.name === name);
    if (a) {
      a.value = value;
      return;
    }
    const n = this.document.createNode('Attribute', name, value);
    n.parent = this;
    n.namespaceURI = name.startsWith('xmlns') ? XMLNS : name.includes(':') ? this.lookupNamespace(name.slice(0, name.indexOf(':'))) ?? '' : '';
    this.attributes.push(n);
  }

  removeAttribute(name: string): void {
    const i = this.attributes.findIndex((x) => x.name === name);
    if (i >= 0) this.attributes.splice(i, 1)[0].parent = null;
  }

  /** The namespace a prefix ('' for the default) stands for here. */
  lookupNamespace(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS;
    const decl = prefix ? `xmlns:${prefix}` : 'xmlns';
    for (let n: XmlNode | null = this; n; n = n.parent) {
      if (n.nodeType !== 'Element') continue;
      const a = n.attributes.find((x) => x.name === decl);
      if (a) return a.value;
    }
    return prefix ? undefined : '';
  }

  appendChild(c: XmlNode): XmlNode {
    return this.insertAt(this.children.length, c);
  }

  insertAt(index: number, c: XmlNode): XmlNode {
    if (c.nodeType === 'Document' || c.nodeType === 'Attribute') throw new XmlParseError('The specified node cannot be inserted as the valid child of this node, because the specified node is the wrong type.');
    for (let n: XmlNode | null = this; n; n = n.parent) if (n === c) throw new XmlParseError('The new child element is an ancestor of the parent node.');
    if (c.parent) c.parent.removeChild(c);
    c.parent = this;
    this.children.splice(index, 0, c);
    return c;
  }

  removeChild(c: XmlNode): XmlNode {
    const i = this.children.indexOf(c);
    if (i < 0) throw new XmlParseError('The node to be removed is not a child of this node.');
    this.children.splice(i, 1);
    c.parent = null;
    return c;
  }

  createNode(type: XmlNodeType, name: string, value = ''): XmlNode {
    const n = new XmlNode(type, name, this.document);
    n.value = value;
    return n;
  }

  /** CreateElement(name[, namespaceURI]): an element in the given namespace, or in its prefix's, or in none. */
  createElement(name: string, ns?: string): XmlNode {
    const e = this.createNode('Element', name);
    e.namespaceURI = ns ?? '';
    return e;
  }

  cloneNode(deep: boolean, owner: XmlNode | null = this.ownerDocument): XmlNode {
    const n = new XmlNode(this.nodeType, this.name, this.nodeType === 'Document' ? null : owner);
    n.value = this.value;
    n.namespaceURI = this.namespaceURI;
    for (const a of this.attributes) {
      const ac = a.cloneNode(false, owner);
      ac.parent = n;
      n.attributes.push(ac);
    }
    if (deep) for (const c of this.children) n.appendChild(c.cloneNode(true, this.nodeType === 'Document' ? n : owner));
    return n;
  }

  get nextSibling(): XmlNode | null {
    if (!this.parent) return null;
    const i = this.parent.children.indexOf(this);
    return this.parent.children[i + 1] ?? null;
  }

  get previousSibling(): XmlNode | null {
    if (!this.parent) return null;
    const i = this.parent.children.indexOf(this);
    return i > 0 ? this.parent.children[i - 1] : null;
  }

  get outerXml(): string {
    return serialize(this, false);
  }

  get innerXml(): string {
    return this.children.map((c) => serialize(c, false)).join('');
  }

  /** What "$node" gives: PowerShell shows an element by its name... of the type; text nodes by their text. */
  toString(): string {
    if (this.nodeType === 'Text' || this.nodeType === 'CDATA' || this.nodeType === 'Attribute' || this.nodeType === 'Whitespace') return this.value;
    return this.typeNames[0];
  }
}

/** XmlNamespaceManager: prefixes scripts register for XPath. */
export class XmlNamespaceManager {
  readonly typeNames = ['System.Xml.XmlNamespaceManager', 'System.Object'];
  readonly map = new Map<string, string>([
    ['xml', XML_NS],
    ['xmlns', XMLNS],
  ]);
  addNamespace(prefix: string, uri: string): void {
    this.map.set(prefix, uri);
  }
  lookupNamespace(prefix: string): string | undefined {
    return this.map.get(prefix);
  }
}

// ------------------------------------------------------------------------------------------------ parsing

function decodeEntities(s: string, at: () => string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e] === undefined) throw new XmlParseError(`Reference to undeclared entity '${e}'. ${at()}`);
    return named[e];
  });
}

/** Parses a document; whitespace-only text between elements is dropped (XmlDocument without PreserveWhitespace). */
export function parseXml(text: string): XmlNode {
  const doc = new XmlNode('Document', '#document', null);
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  const where = (pos = i): string => {
    const before = src.slice(0, pos);
    const line = before.split('\n').length;
    return `Line ${line}, position ${pos - before.lastIndexOf('\n')}.`;
  };
  const fail = (msg: string, pos = i): never => {
    throw new XmlParseError(`${msg} ${where(pos)}`);
  };
  let cur: XmlNode = doc;
  while (i < src.length) {
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i);
      if (end < 0) fail('Unexpected end of file while parsing PI has occurred.');
      const body = src.slice(i + 2, end);
      const target = /^\S+/.exec(body)?.[0] ?? '';
      const isDecl = target === 'xml';
      if (isDecl && (cur !== doc || doc.children.length)) fail('Unexpected XML declaration. The XML declaration must be the first node in the document, and no white space characters are allowed to appear before it.');
      const n = doc.createNode(isDecl ? 'XmlDeclaration' : 'ProcessingInstruction', target, body.slice(target.length).trim());
      cur.appendChild(n);
      i = end + 2;
    } else if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end < 0) fail('Unexpected end of file while parsing Comment has occurred.');
      cur.appendChild(doc.createNode('Comment', '#comment', src.slice(i + 4, end)));
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i);
      if (end < 0) fail('Unexpected end of file while parsing CDATA has occurred.');
      if (cur === doc) fail('Data at the root level is invalid.');
      cur.appendChild(doc.createNode('CDATA', '#cdata-section', src.slice(i + 9, end)));
      i = end + 3;
    } else if (src.startsWith('<!DOCTYPE', i)) {
      // A document type declaration (no internal subset in the files scripts edit) is skipped.
      const end = src.indexOf('>', i);
      i = end < 0 ? src.length : end + 1;
    } else if (src.startsWith('</', i)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(src.slice(i, i + 300));
      if (!m) fail('Name cannot begin with the \'' + (src[i + 2] ?? '') + "' character.", i + 2);
      if (cur === doc || m![1] !== cur.name) fail(cur === doc ? `Unexpected end tag.` : `The '${cur.name}' start tag does not match the end tag of '${m![1]}'.`, i + 2);
      cur = cur.parent!;
      i += m![0].length;
    } else if (src[i] === '<') {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(src.slice(i, i + 300));
      if (!m) fail(`Name cannot begin with the '${src[i + 1] ?? ''}' character, hexadecimal value 0x${(src.charCodeAt(i + 1) || 0).toString(16).toUpperCase()}.`, i + 1);
      if (cur === doc && doc.documentElement) fail('There are multiple root elements.', i + 1);
      const el = doc.createNode('Element', m![1]);
      i += m![0].length;
      for (;;) {
        while (/\s/.test(src[i] ?? '')) i++;
        if (src.startsWith('/>', i) || src[i] === '>') break;
        const am = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(src.slice(i));
        if (!am) fail(i >= src.length ? 'Unexpected end of file has occurred.' : `'${src[i]}' is an unexpected token. Expecting white space.`);
        if (el.attributes.some((a) => a.name === am![1])) fail(`'${am![1]}' is a duplicate attribute name.`);
        const a = doc.createNode('Attribute', am![1], decodeEntities(am![3] ?? am![4], where).replace(/[\r\n\t]/g, ' '));
        a.parent = el;
        el.attributes.push(a);
        i += am![0].length;
      }
      cur.appendChild(el);
      // Namespaces once the element's own declarations are known.
      const colon = el.name.indexOf(':');
      const ns = el.lookupNamespace(colon >= 0 ? el.name.slice(0, colon) : '');
      if (ns === undefined) fail(`'${el.name.slice(0, colon)}' is an undeclared prefix.`);
      el.namespaceURI = ns!;
      for (const a of el.attributes) {
        const c = a.name.indexOf(':');
        a.namespaceURI = a.name === 'xmlns' || a.name.startsWith('xmlns:') ? XMLNS : c >= 0 ? el.lookupNamespace(a.name.slice(0, c)) ?? '' : '';
      }
      if (src[i] === '>') {
        cur = el;
        i++;
      } else i += 2;
    } else {
      const next = src.indexOf('<', i);
      const raw = src.slice(i, next < 0 ? src.length : next);
      if (raw.trim() !== '') {
        if (cur === doc) fail('Data at the root level is invalid.');
        cur.appendChild(doc.createNode('Text', '#text', decodeEntities(raw.replace(/\r\n?/g, '\n'), where)));
      }
      i = next < 0 ? src.length : next;
    }
  }
  if (cur !== doc) fail(`Unexpected end of file has occurred. The following elements are not closed: ${cur.name}.`);
  if (!doc.documentElement) throw new XmlParseError('Root element is missing.');
  return doc;
}

// ------------------------------------------------------------------------------------------------ writing

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/**
 * An element's start tag. When its namespace is not the one its prefix has where it is written (an element made by
 * CreateElement without the document's namespace, or the top of an OuterXml), the declaration is added, as .NET's
 * writer does (`xmlns=""`, `xmlns="urn:..."`).
 */
function startTag(n: XmlNode, top: XmlNode): string {
  let decl = '';
  if (n.nodeType === 'Element') {
    const prefix = n.prefix;
    const declName = prefix ? `xmlns:${prefix}` : 'xmlns';
    if (!n.attributes.some((a) => a.name === declName)) {
      const inScope = n === top || !n.parent ? (prefix ? undefined : '') : n.parent.lookupNamespace(prefix);
      if (inScope !== n.namespaceURI) decl = ` ${declName}="${escapeAttr(n.namespaceURI)}"`;
    }
  }
  return '<' + n.name + n.attributes.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('') + decl;
}

/**
 * A node's XML. `indent`: as XmlDocument.Save writes it, each element on its own line indented two spaces, except
 * inside an element that holds text (mixed content stays as it is); else compact (OuterXml).
 */
export function serialize(n: XmlNode, indent: boolean, newline = '\r\n'): string {
  const out: string[] = [];
  const write = (node: XmlNode, depth: number, inline: boolean) => {
    const pad = indent && !inline ? (out.length ? newline : '') + '  '.repeat(depth) : '';
    switch (node.nodeType) {
      case 'Document':
        for (const c of node.children) write(c, 0, false);
        return;
      case 'XmlDeclaration':
        out.push(`${pad}<?xml ${node.value}?>`);
        return;
      case 'ProcessingInstruction':
        out.push(`${pad}<?${node.name}${node.value ? ' ' + node.value : ''}?>`);
        return;
      case 'Comment':
        out.push(`${pad}<!--${node.value}-->`);
        return;
      case 'Text':
      case 'Whitespace':
        out.push(escapeText(node.value));
        return;
      case 'CDATA':
        out.push(`<![CDATA[${node.value}]]>`);
        return;
      case 'Attribute':
        out.push(escapeAttr(node.value));
        return;
      case 'Element': {
        if (!node.children.length) {
          out.push(`${pad}${startTag(node, n)} />`);
          return;
        }
        out.push(`${pad}${startTag(node, n)}>`);
        const mixed = node.children.some((c) => c.nodeType === 'Text' || c.nodeType === 'CDATA');
        for (const c of node.children) write(c, depth + 1, inline || mixed);
        out.push(`${indent && !inline && !mixed ? newline + '  '.repeat(depth) : ''}</${node.name}>`);
        return;
      }
    }
  };
  write(n, 0, false);
  return out.join('');
}

// ------------------------------------------------------------------------------------------------ XPath (subset)

interface Step {
  axis: 'child' | 'descendant' | 'self' | 'parent' | 'attribute';
  test: string;
  predicates: string[];
}

/** Splits an XPath on `/` outside brackets and quotes; `//` becomes a descendant step. */
function parseSteps(expr: string): { absolute: boolean; steps: Step[] } {
  const parts: Array<{ sep: string; text: string }> = [];
  let depth = 0;
  let quote = '';
  let buf = '';
  let sep = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === quote) quote = '';
      buf += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      buf += c;
    } else if (c === '[') {
      depth++;
      buf += c;
    } else if (c === ']') {
      depth--;
      buf += c;
    } else if (c === '/' && depth === 0) {
      if (buf !== '' || parts.length || sep) parts.push({ sep, text: buf });
      buf = '';
      sep = expr[i + 1] === '/' ? '//' : '/';
      if (sep === '//') i++;
    } else buf += c;
  }
  parts.push({ sep, text: buf });
  const absolute = expr.trim().startsWith('/');
  const steps: Step[] = [];
  for (const p of parts) {
    if (p.text === '' && p.sep === '' && !absolute) continue;
    if (p.text === '' && p.sep === '') continue;
    const m = /^([^[]*)((?:\[.*\])*)$/.exec(p.text.trim());
    const name = (m?.[1] ?? p.text).trim();
    const preds: string[] = [];
    let rest = m?.[2] ?? '';
    while (rest.startsWith('[')) {
      let d = 0;
      let q = '';
      let j = 0;
      for (; j < rest.length; j++) {
        const c = rest[j];
        if (q) {
          if (c === q) q = '';
        } else if (c === "'" || c === '"') q = c;
        else if (c === '[') d++;
        else if (c === ']' && --d === 0) break;
      }
      preds.push(rest.slice(1, j));
      rest = rest.slice(j + 1);
    }
    if (p.sep === '//') steps.push({ axis: 'descendant', test: '*any*', predicates: [] });
    if (name === '.') steps.push({ axis: 'self', test: 'node()', predicates: preds });
    else if (name === '..') steps.push({ axis: 'parent', test: 'node()', predicates: preds });
    else if (name.startsWith('@')) steps.push({ axis: 'attribute', test: name.slice(1), predicates: preds });
    else steps.push({ axis: 'child', test: name.replace(/^child::/, ''), predicates: preds });
  }
  return { absolute, steps };
}

function descendantsOrSelf(n: XmlNode, out: XmlNode[]): void {
  out.push(n);
  for (const c of n.children) descendantsOrSelf(c, out);
}

export class XPathError extends Error {}

/** Evaluates the XPath subset from `ctx`; nodes in document order without duplicates. */
export function selectNodes(ctx: XmlNode, expr: string, nsm?: XmlNamespaceManager): XmlNode[] {
  const { absolute, steps } = parseSteps(expr);
  const matches = (n: XmlNode, test: string): boolean => {
    if (test === 'node()') return true;
    if (test === 'text()') return n.nodeType === 'Text' || n.nodeType === 'CDATA';
    if (test === 'comment()') return n.nodeType === 'Comment';
    if (n.nodeType !== 'Element' && n.nodeType !== 'Attribute') return false;
    if (test === '*') return true;
    const c = test.indexOf(':');
    if (c >= 0) {
      const prefix = test.slice(0, c);
      const uri = nsm?.lookupNamespace(prefix);
      if (uri === undefined) throw new XPathError('Namespace Manager or XsltContext needed. This query has a prefix, variable, or user-defined function.');
      return n.namespaceURI === uri && (test.slice(c + 1) === '*' || n.localName === test.slice(c + 1));
    }
    return n.localName === test && (n.nodeType === 'Attribute' || n.namespaceURI === '');
  };
  let set: XmlNode[] = [absolute ? ctx.document : ctx];
  for (const st of steps) {
    let next: XmlNode[] = [];
    for (const n of set) {
      let cand: XmlNode[];
      switch (st.axis) {
        case 'descendant':
          cand = [];
          descendantsOrSelf(n, cand);
          break;
        case 'self':
          cand = [n];
          break;
        case 'parent':
          cand = n.parent ? [n.parent] : [];
          break;
        case 'attribute':
          cand = n.attributes.filter((a) => a.namespaceURI !== XMLNS && matches(a, st.test));
          break;
        default:
          cand = n.children.filter((c) => matches(c, st.test));
      }
      for (const p of st.predicates) cand = applyPredicate(cand, p, nsm);
      next.push(...cand);
    }
    next = [...new Set(next)];
    set = next;
  }
  return set;
}

function applyPredicate(nodes: XmlNode[], pred: string, nsm?: XmlNamespaceManager): XmlNode[] {
  const p = pred.trim();
  if (/^\d+$/.test(p)) return nodes[+p - 1] ? [nodes[+p - 1]] : [];
  if (p === 'last()') return nodes.length ? [nodes[nodes.length - 1]] : [];
  const ors = p.split(/\s+or\s+/);
  if (ors.length > 1) return nodes.filter((n) => ors.some((o) => applyPredicate([n], o, nsm).length > 0));
  const ands = p.split(/\s+and\s+/);
  if (ands.length > 1) return nodes.filter((n) => ands.every((a) => applyPredicate([n], a, nsm).length > 0));
  const cmp = /^(.+?)\s*(!=|=)\s*(?:'([^']*)'|"([^"]*)")$/.exec(p);
  if (cmp) {
    const [, lhs, op, v1, v2] = cmp;
    const want = v1 ?? v2;
    return nodes.filter((n) => {
      const vals = lhs.trim() === '.' || lhs.trim() === 'text()' ? [n.innerText] : selectNodes(n, lhs.trim(), nsm).map((x) => x.innerText || x.value);
      return op === '=' ? vals.includes(want) : vals.length > 0 && !vals.includes(want);
    });
  }
  const fn = /^(contains|starts-with)\((.+?),\s*(?:'([^']*)'|"([^"]*)")\)$/.exec(p);
  if (fn) {
    return nodes.filter((n) => {
      const lhs = fn[2].trim();
      const vals = lhs === '.' || lhs === 'text()' ? [n.innerText] : selectNodes(n, lhs, nsm).map((x) => x.innerText || x.value);
      const want = fn[3] ?? fn[4];
      return vals.some((v) => (fn[1] === 'contains' ? v.includes(want) : v.startsWith(want)));
    });
  }
  // An existence test: [@attr], [child].
  return nodes.filter((n) => selectNodes(n, p, nsm).length > 0);
}

// ------------------------------------------------------------------------------------------------ PowerShell's adapter

/** `$node.Name` through PowerShell's XML adapter: attributes and child elements first; undefined when neither. */
export function adaptedMember(n: XmlNode, name: string): { value: unknown } | undefined {
  if (n.nodeType !== 'Element' && n.nodeType !== 'Document') return undefined;
  if (name === '#text') {
    const t = n.children.filter((c) => c.nodeType === 'Text' || c.nodeType === 'CDATA');
    return t.length ? { value: t.map((c) => c.value).join('') } : undefined;
  }
  const lower = name.toLowerCase();
  const out: unknown[] = [];
  if (n.nodeType === 'Element') {
    const a = n.attributes.find((x) => x.name === name) ?? n.attributes.find((x) => x.name.toLowerCase() === lower);
    if (a) out.push(a.value);
  }
  for (const c of n.children) {
    if (c.nodeType !== 'Element' && !(n.nodeType === 'Document' && c.nodeType === 'XmlDeclaration')) continue;
    if (c.localName !== name && c.localName.toLowerCase() !== lower && c.name.toLowerCase() !== lower) continue;
    out.push(textOnly(c) ? c.innerText : c);
  }
  if (!out.length) return undefined;
  return { value: out.length === 1 ? out[0] : out };
}

/** An element with no attributes whose children are text only reads as its text. */
function textOnly(e: XmlNode): boolean {
  return e.nodeType === 'Element' && e.attributes.length === 0 && e.children.every((c) => c.nodeType === 'Text' || c.nodeType === 'CDATA');
}

/** `$node.Name = value`: an attribute's value or a text-only child's text; false when the adapter has no such member. */
export function setAdaptedMember(n: XmlNode, name: string, value: string): boolean {
  if (n.nodeType !== 'Element') return false;
  const a = n.attribute(name);
  if (a) {
    a.value = value;
    return true;
  }
  const kids = n.children.filter((c) => c.nodeType === 'Element' && c.localName.toLowerCase() === name.toLowerCase());
  if (kids.length === 1) {
    kids[0].innerText = value;
    return true;
  }
  return false;
}
