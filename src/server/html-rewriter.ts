/**
 * Editing a built page in any runtime: the part of Cloudflare's HTMLRewriter the server used (Node
 * has none), in plain JavaScript.
 *
 * The page is parsed once with htmlparser2, which reports each element's source offsets, and only
 * the spans that an edit touches are rewritten; every other byte is the one Astro built. A DOM
 * (linkedom) was tried and not used: serialising it rewrites the whole page (doctype, "/>", entities,
 * line breaks inside tags), and linkedom writes a textarea's text unescaped, so a typed
 * "</textarea><script>" would leave the element.
 *
 * An edited start tag is written the way HTMLRewriter wrote it (attributes as name="value", the end
 * as " />" or ">"), so a filled page is the same bytes as before the move; this was compared with
 * HTMLRewriter in workerd on the built petition, receipt, tracking, 404, home and schedule pages.
 * The one deliberate difference: "&" in an attribute value set here is escaped (HTMLRewriter escaped
 * only the quote, so an href holding "&lt;" would have decoded to "<").
 *
 * Escaped by construction: text goes in through setText/prependText/setAttribute and is always
 * escaped; markup goes in only as Html (./html.ts), whose interpolations the template escaped.
 *
 * htmlparser2 closes elements the way HTML's tree builder does for well-formed pages (void elements,
 * implied </p> and </li>, raw text in script, style, title and textarea), which is what the shells
 * are; it is not a full HTML5 tree builder, so a page whose structure relies on error recovery
 * (misnested tables, say) could be seen with a different parent than a browser would give.
 */
import { Parser } from 'htmlparser2';
import { escapeAttribute, escapeText, isHtml, type Html } from './html';

interface SourceAttribute {
  name: string;
  value: string;
  /** Offsets of `name="value"` in the page, end exclusive. */
  start: number;
  end: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  seq: number;
}

export class PageElement {
  readonly name: string;
  readonly parent: PageElement | null;
  /** Offsets in the page, all end-exclusive: start tag, content, end tag (empty when implied). */
  readonly tagStart: number;
  tagEnd = -1;
  closeStart = -1;
  closeEnd = -1;
  readonly #page: HtmlPage;
  readonly #source: SourceAttribute[] = [];
  readonly #nameEnd: number;
  /** Where a new attribute goes: after the last one, or after the tag name. */
  #attributesEnd: number;
  /** Current attribute values where they differ from the source; null = removed. */
  readonly #changed = new Map<string, string | null>();
  #added: string[] = [];

  constructor(page: HtmlPage, name: string, parent: PageElement | null, tagStart: number, nameEnd: number) {
    this.#page = page;
    this.name = name;
    this.parent = parent;
    this.tagStart = tagStart;
    this.#nameEnd = nameEnd;
    this.#attributesEnd = nameEnd;
  }

  /** @internal used while parsing */
  addSourceAttribute(a: SourceAttribute): void {
    this.#source.push(a);
    this.#attributesEnd = a.end;
  }

  getAttribute(name: string): string | null {
    const key = name.toLowerCase();
    if (this.#changed.has(key)) return this.#changed.get(key)!;
    return this.#source.find((a) => a.name === key)?.value ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.getAttribute(name) !== null;
  }

  /** Sets an attribute (an empty value for a boolean one such as checked); the value is escaped. */
  setAttribute(name: string, value: string): this {
    const key = name.toLowerCase();
    if (!/^[a-z][a-z0-9-]*$/.test(key)) throw new TypeError(`not an attribute name: ${name}`);
    if (!this.#source.some((a) => a.name === key) && !this.#added.includes(key)) this.#added.push(key);
    this.#changed.set(key, value);
    this.#page.touch(this);
    return this;
  }

  removeAttribute(name: string): this {
    const key = name.toLowerCase();
    if (!this.hasAttribute(key)) return this;
    this.#added = this.#added.filter((n) => n !== key);
    this.#changed.set(key, null);
    this.#page.touch(this);
    return this;
  }

  /** The nearest ancestor (not this element) that matches. */
  closest(match: (el: PageElement) => boolean): PageElement | null {
    for (let p = this.parent; p; p = p.parent) if (match(p)) return p;
    return null;
  }

  /** Replaces the content with text, escaped. */
  setText(text: string): this {
    this.#page.edit(this.tagEnd, this.closeStart, escapeText(text));
    return this;
  }

  /** Replaces the content with markup made by the html template. */
  setHtml(markup: Html): this {
    this.#page.edit(this.tagEnd, this.closeStart, checked(markup));
    return this;
  }

  /** Puts text, escaped, before the current content. */
  prependText(text: string): this {
    this.#page.edit(this.tagEnd, this.tagEnd, escapeText(text));
    return this;
  }

  /** Puts markup right before the element's start tag. */
  before(markup: Html): this {
    this.#page.edit(this.tagStart, this.tagStart, checked(markup));
    return this;
  }

  /** Puts markup right after the element's end. */
  after(markup: Html): this {
    this.#page.edit(this.closeEnd, this.closeEnd, checked(markup));
    return this;
  }

  /** Removes the element and everything in it. */
  remove(): this {
    this.#page.edit(this.tagStart, this.closeEnd, '');
    return this;
  }

  /** @internal the start tag with its attribute edits; untouched attributes stay as in the source */
  renderStartTag(source: string): string {
    let out = source.slice(this.tagStart, this.#nameEnd);
    let previousEnd = this.#nameEnd;
    const seen = new Set<string>();
    for (const a of this.#source) {
      const gap = source.slice(previousEnd, a.start);
      previousEnd = a.end;
      const first = !seen.has(a.name);
      seen.add(a.name);
      if (!this.#changed.has(a.name)) out += gap + source.slice(a.start, a.end);
      else {
        // An edited attribute is written once; a repeat of it is dropped (browsers read only the
        // first, so a removed "checked" must not leave a second one behind).
        const value = this.#changed.get(a.name);
        if (first && typeof value === 'string') out += gap + attribute(a.name, value);
      }
    }
    for (const name of this.#added) out += ' ' + attribute(name, this.#changed.get(name)!);
    // The tag's end as HTMLRewriter wrote an edited tag, so pages stay as they were: " />" or ">".
    return out + (source.slice(this.#attributesEnd, this.tagEnd).endsWith('/>') ? ' />' : '>');
  }
}

function attribute(name: string, value: string): string {
  return `${name}="${escapeAttribute(value)}"`;
}

function checked(markup: Html): string {
  // The types already demand Html; this also stops a plain string cast past them.
  if (!isHtml(markup)) throw new TypeError('markup must come from the html template');
  return markup.toString();
}

/** A page parsed once; find elements, edit them, then toString() gives the page with the edits. */
export class HtmlPage {
  readonly source: string;
  /** Every element in document order. */
  readonly elements: readonly PageElement[];
  readonly #edits: Edit[] = [];
  readonly #touched = new Set<PageElement>();

  constructor(source: string) {
    this.source = source;
    this.elements = parse(this, source);
  }

  all(match: (el: PageElement) => boolean): PageElement[] {
    return this.elements.filter(match);
  }

  first(match: (el: PageElement) => boolean): PageElement | undefined {
    return this.elements.find(match);
  }

  /** @internal */
  edit(start: number, end: number, text: string): void {
    this.#edits.push({ start, end, text, seq: this.#edits.length });
  }

  /** @internal */
  touch(el: PageElement): void {
    this.#touched.add(el);
  }

  toString(): string {
    const edits = [
      ...this.#edits,
      ...[...this.#touched].map((el, i) => ({
        start: el.tagStart,
        end: el.tagEnd,
        text: el.renderStartTag(this.source),
        seq: this.#edits.length + i,
      })),
    ];
    // In page order; at one offset insertions first, then the widest span. An edit inside a span that
    // another edit already replaces (a child of a removed or refilled element) is dropped with it.
    edits.sort(
      (a, b) =>
        a.start - b.start || Number(a.end !== a.start) - Number(b.end !== b.start) || b.end - a.end || a.seq - b.seq,
    );
    let out = '';
    let at = 0;
    for (const e of edits) {
      if (e.start < at) continue;
      out += this.source.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.source.slice(at);
  }
}

function parse(page: HtmlPage, source: string): PageElement[] {
  const elements: PageElement[] = [];
  const open: PageElement[] = [];
  let current: PageElement | null = null;
  let ending = false;
  const parser: Parser = new Parser(
    {
      onopentagname(name) {
        current = new PageElement(page, name, open.at(-1) ?? null, parser.startIndex, parser.endIndex);
      },
      onattribute(name, value) {
        current!.addSourceAttribute({ name, value, start: parser.startIndex, end: parser.endIndex });
      },
      onopentag() {
        const el = current!;
        el.tagEnd = parser.endIndex + 1;
        elements.push(el);
        open.push(el);
        current = null;
      },
      onclosetag(_name, implied) {
        const el = open.pop();
        if (!el) return;
        if (!implied) {
          el.closeStart = parser.startIndex;
          el.closeEnd = parser.endIndex + 1;
        } else {
          // No end tag in the source: the element ends where whatever closed it begins.
          // (A void or self-closed element is closed at its own start tag; at the end of the page,
          // what is still open ends with the page.)
          const at = ending ? source.length : parser.startIndex;
          el.closeStart = el.closeEnd = Math.max(at, el.tagEnd);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(source);
  ending = true;
  parser.end();
  return elements;
}
