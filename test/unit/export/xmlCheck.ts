/**
 * A strict little XML reader for tests: enough of XML 1.0 to prove a document is well-formed
 * (one root, balanced tags, quoted unique attributes, no raw '<' or stray '&', only known
 * entities) and to walk it. Throws with the offset of the first problem.
 */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

const NAME = /[A-Za-z_][\w.-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  return text.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`offset ${at}: bare '&' in "${text}"`);
    if (body in ENTITIES) return ENTITIES[body];
    const numeric = /^#(x[0-9a-fA-F]+|\d+)$/.exec(body);
    if (numeric) return String.fromCodePoint(numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : Number(numeric[1]));
    throw new Error(`offset ${at}: unknown entity &${body};`);
  });
}

export function parseXml(source: string): XmlNode {
  let pos = 0;
  const fail = (reason: string): never => {
    throw new Error(`XML offset ${pos}: ${reason} near "${source.slice(pos, pos + 40)}"`);
  };
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<?', pos)) pos = source.indexOf('?>', pos) + 2;
      else if (source.startsWith('<!--', pos)) pos = source.indexOf('-->', pos) + 3;
      else if (source.startsWith('<!DOCTYPE', pos)) pos = source.indexOf('>', pos) + 1;
      else return;
      if (pos <= 1) fail('unterminated declaration');
    }
  };
  const readElement = (): XmlNode => {
    if (source[pos] !== '<') fail("expected '<'");
    pos++;
    const node: XmlNode = { name: readName(), attributes: {}, children: [] };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return node;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      const key = readName();
      if (key in node.attributes) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (source[pos] !== '=') fail(`expected '=' after ${key}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${key} is not quoted`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail(`unterminated attribute ${key}`);
      const raw = source.slice(pos + 1, end);
      if (raw.includes('<')) fail(`raw '<' in attribute ${key}`);
      node.attributes[key] = decode(raw, pos);
      pos = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${node.name}>`);
      decode(source.slice(pos, next), pos);
      pos = next;
      if (source.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (source[pos] !== '>') fail("expected '>'");
        pos++;
        return node;
      }
      if (source.startsWith('<!--', pos)) {
        pos = source.indexOf('-->', pos) + 3;
        continue;
      }
      node.children.push(readElement());
    }
  };
  skipMisc();
  const root = readElement();
  skipMisc();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** All descendants (depth first) with the given element name. */
export function findAll(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
