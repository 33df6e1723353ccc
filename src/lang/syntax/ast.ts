/*
 * The abstract syntax tree the grammar (grammar/powershell.peggy) produces.
 *
 * Nodes are plain objects `{ type, start, end, ...fields }`; start/end are offsets into the source text, kept so that
 * error records can print `At line:L char:C` with the offending extent underlined. The field names per node type are
 * those the grammar's actions set (see the grammar); the evaluator reads them.
 */

export interface AstNode {
  type: string;
  start: number;
  end: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** A parsed script or script block: param block and begin/process/end blocks. */
export type ScriptBlockAst = AstNode;

/** A piece of source text: a -Command string, a script file, or a line typed at the prompt. */
export interface SourceText {
  text: string;
  /** The script's path as the user named it, for `At C:\x\s.ps1:L char:C`; undefined for commands. */
  path?: string;
}

/** 1-based line and column of an offset, and the text of that line. */
export function positionOf(src: SourceText, offset: number): { line: number; column: number; lineText: string } {
  const text = src.text;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  return { line, column: offset - lineStart + 1, lineText };
}
