/** The small XML builder the FCPXML and FCP 7 XML writers share: elements with attributes, children or text; 4-space indent. */

export interface XmlElement {
  name: string;
  attributes: Array<[string, string | undefined]>;
  children: XmlElement[];
  /** Character content (only for elements without children). */
  text?: string;
}

export function element(name: string, attributes: Array<[string, string | undefined]>, children: XmlElement[] = []): XmlElement {
  return { name, attributes, children };
}

/** An element holding text only: <name>text</name>. */
export function textElement(name: string, text: string | number): XmlElement {
  return { name, attributes: [], children: [], text: String(text) };
}

/** Attribute or text content: markup characters escaped, characters XML 1.0 forbids (controls) replaced by a space. */
export function escapeXmlAttribute(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function renderXml(node: XmlElement, indent = ''): string {
  const attributes = node.attributes
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`)
    .join('');
  if (node.text !== undefined) return `${indent}<${node.name}${attributes}>${escapeXmlAttribute(node.text)}</${node.name}>`;
  if (node.children.length === 0) return `${indent}<${node.name}${attributes}/>`;
  const inner = node.children.map((child) => renderXml(child, indent + '    ')).join('\n');
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
}
